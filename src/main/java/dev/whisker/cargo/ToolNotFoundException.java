package dev.whisker.cargo;

/** {@code cargo} or {@code rustc} is not on the PATH the plugin runs with. */
public final class ToolNotFoundException extends CargoException {

    private static final long serialVersionUID = 1L;

    private final String tool;

    public ToolNotFoundException(String tool, String searchPath) {
        super(tool + " was not found on PATH (" + searchPath + "). Install the Rust toolchain with"
                + " rustup (https://rustup.rs) or with your package manager (for example"
                + " `apt-get install cargo` on Debian), then make sure " + tool
                + " is on the PATH of the shell that runs Maven.", null);
        this.tool = tool;
    }

    /** Returns the program that was missing: {@code cargo} or {@code rustc}. */
    public String tool() {
        return tool;
    }
}
