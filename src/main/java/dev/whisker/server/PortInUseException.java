package dev.whisker.server;

/** Thrown by {@link WhiskerServer#start} when another process already listens on the requested address. */
public final class PortInUseException extends WhiskerServerException {

    private static final long serialVersionUID = 1L;

    private final String address;

    PortInUseException(String address, Throwable cause) {
        super("cannot listen on " + address + ": the address is already in use. Stop the process that holds it, "
                + "or choose another address with the whisker.bind property (<bind> in the plugin configuration); "
                + "port 0 picks any free port", cause);
        this.address = address;
    }

    /** The {@code host:port} that was requested. */
    public String address() {
        return address;
    }
}
