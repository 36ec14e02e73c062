package dev.whisker.cargo;

/**
 * A cargo setting that the capture shims cannot honour, found before the fat build starts. The
 * message names the setting, where it was found (a config file's path or an environment
 * variable) and how to change it.
 */
public final class UnsupportedBuildConfigException extends CargoException {

    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String source;

    public UnsupportedBuildConfigException(String setting, String source, String fix) {
        super("unsupported cargo setting " + setting + " in " + source + ": " + fix, null);
        this.setting = setting;
        this.source = source;
    }

    /** Returns the rejected setting as the user wrote it, for example {@code -C linker=gcc}. */
    public String setting() {
        return setting;
    }

    /** Returns the config file's path or the environment variable's name. */
    public String source() {
        return source;
    }
}
