package dev.whisker.cargo;

import java.util.Optional;

/**
 * Base of the failures of this package. Each subclass message states what failed, on which
 * value, and what to do next, so callers can show it unchanged.
 */
public class CargoException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String parameter;

    /**
     * Creates an exception.
     *
     * @param parameter the plugin parameter (for example {@code manifestPath}) that fixes the
     *     problem, or null when the problem is not in the plugin's configuration
     */
    public CargoException(String message, String parameter, Throwable cause) {
        super(message, cause);
        this.parameter = parameter;
    }

    public CargoException(String message, String parameter) {
        this(message, parameter, null);
    }

    /**
     * Returns the plugin parameter whose value caused the failure, if the user can fix it there.
     * Empty means the environment, the toolchain or the crate itself is at fault.
     */
    public Optional<String> parameter() {
        return Optional.ofNullable(parameter);
    }
}
