package dev.whisker.cargo;

/** The app could not be started. */
public final class LaunchException extends CargoException {

    private static final long serialVersionUID = 1L;

    public LaunchException(String message, String parameter, Throwable cause) {
        super(message, parameter, cause);
    }
}
