package dev.whisker.cargo;

/**
 * The crate could not be read: cargo rejected the manifest, or the package or bin target to use
 * cannot be chosen.
 */
public final class CargoMetadataException extends CargoException {

    private static final long serialVersionUID = 1L;

    public CargoMetadataException(String message, String parameter) {
        super(message, parameter);
    }

    public CargoMetadataException(String message, Throwable cause) {
        super(message, null, cause);
    }
}
