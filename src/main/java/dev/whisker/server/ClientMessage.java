package dev.whisker.server;

import java.util.Objects;

/**
 * A text frame sent by the app's client, parsed by {@link WireCodec#parseClientMessage(String)}.
 *
 * <p>Unsigned 64-bit values are stored in {@code long}; a negative value stands for one at or above 2^63.
 */
public sealed interface ClientMessage {

    /**
     * The first frame of every connection.
     *
     * @param aslrReference runtime address of the app's {@code whisker_aslr_anchor}
     * @param token session token the app got through {@code WHISKER_DEV_TOKEN}, or null when the app has none
     */
    record Hello(long aslrReference, String token) implements ClientMessage {

        /** Leaves the token out, so logging a message never leaks it. */
        @Override
        public String toString() {
            return "Hello[aslrReference=0x" + Long.toHexString(aslrReference)
                    + ", token=" + (token == null ? "absent" : "present") + "]";
        }
    }

    /**
     * One line of the app's output, forwarded when the app opts in.
     *
     * @param stream the stream the line was written to
     * @param line the line without its line terminator
     * @param tsMicros client clock in microseconds since the Unix epoch
     */
    record Log(LogStream stream, String line, long tsMicros) implements ClientMessage {

        /** Rejects null stream and line. */
        public Log {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(line, "line");
        }
    }

    /**
     * The client's report after it tried to apply a patch. Optional: upstream clients never send it.
     *
     * @param id id of the patch frame
     * @param ok whether the patch was loaded and its jump table installed
     * @param error the client's reason when {@code ok} is false, otherwise usually null
     */
    record Applied(long id, boolean ok, String error) implements ClientMessage {
    }
}
