package dev.whisker.hotpatch;

import java.nio.file.Path;

/**
 * Raised by {@link Patcher#prepare} when the host executable cannot receive patches: it has no symbol table
 * (stripped) or lacks the anchor symbol. The dev loop then offers full reloads only.
 */
public final class HostNotPatchableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path binary;

    public HostNotPatchableException(Path binary, String message) {
        super(message);
        this.binary = binary;
    }

    /** Returns the host executable that was checked. */
    public Path binary() {
        return binary;
    }
}
