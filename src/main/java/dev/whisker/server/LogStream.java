package dev.whisker.server;

/** The app stream a forwarded log line came from; on the wire {@code "stdout"} or {@code "stderr"}. */
public enum LogStream {
    STDOUT("stdout"),
    STDERR("stderr");

    private final String wireName;

    LogStream(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the {@code stream} field of a log frame. */
    public String wireName() {
        return wireName;
    }
}
