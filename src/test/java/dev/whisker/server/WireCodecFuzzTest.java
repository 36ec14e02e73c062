package dev.whisker.server;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated input for the decoders: each one either returns a value or throws
 * {@link MalformedMessageException}, and nothing else. The seed is fixed, so a failure repeats.
 */
class WireCodecFuzzTest {

    private static final int CASES = 10_000;
    private static final String[] VALID_MESSAGES = {
        "{\"kind\":\"hello\",\"aslr_reference\":18446744073709551615,\"token\":\"abc\"}",
        "{\"kind\":\"log\",\"stream\":\"stdout\",\"line\":\"tick \\u00e9\",\"ts_micros\":\"1733300000123456\"}",
        "{\"kind\":\"applied\",\"id\":7,\"ok\":false,\"error\":\"dlopen failed\"}",
    };
    private static final String ALPHABET = "{}[]\":,-.0123456789eE+ \\truefalsnkindhelloapplied\u00e9\uD83D\uDE00";

    /** Flips, inserts or deletes a few characters of {@code text}. */
    static String mutate(String text, Random random) {
        StringBuilder mutated = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && mutated.length() > 0; i++) {
            int at = random.nextInt(mutated.length());
            char replacement = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            switch (random.nextInt(3)) {
                case 0 -> mutated.setCharAt(at, replacement);
                case 1 -> mutated.insert(at, replacement);
                default -> mutated.deleteCharAt(at);
            }
        }
        return mutated.toString();
    }

    static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(80);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    @Test
    void clientMessageParserFailsOnlyWithMalformed() {
        Random random = new Random(20261204L);
        int parsed = 0;

        for (int i = 0; i < CASES; i++) {
            String input = i % 4 == 0 ? randomText(random) : mutate(VALID_MESSAGES[i % VALID_MESSAGES.length], random);
            try {
                WireCodec.parseClientMessage(input);
                parsed++;
            } catch (MalformedMessageException expected) {
                // Rejected with the typed exception, as the contract requires.
            } catch (RuntimeException e) {
                fail("case " + i + " threw " + e + " for input " + input);
            }
        }

        // Some mutations keep the message valid (for example a changed digit), so both outcomes must occur.
        assertTrue(parsed > 0, parsed + " of " + CASES + " parsed");
        assertTrue(parsed < CASES, parsed + " of " + CASES + " parsed");
    }

    @Test
    void patchDecoderFailsOnlyWithMalformed() throws IOException {
        byte[] golden = WireCodecPatchTest.resource("patch-frame-v1.bin");
        Random random = new Random(42L);

        for (int i = 0; i < CASES; i++) {
            byte[] frame = mutateBytes(golden, random);
            try {
                WireCodec.decodePatch(frame);
            } catch (MalformedMessageException expected) {
                // Rejected with the typed exception, as the contract requires.
            } catch (RuntimeException e) {
                fail("case " + i + " threw " + e + " for header "
                        + new String(frame, 0, Math.min(frame.length, 240), StandardCharsets.ISO_8859_1));
            }
        }
    }

    /** Overwrites a few bytes, mostly in the length prefix and header, or cuts the frame short. */
    private static byte[] mutateBytes(byte[] golden, Random random) {
        byte[] frame = golden.clone();
        if (random.nextInt(10) == 0) {
            return Arrays.copyOf(frame, random.nextInt(frame.length));
        }
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(random.nextBoolean() ? 8 + 220 : frame.length);
            frame[at] = (byte) random.nextInt(256);
        }
        return frame;
    }
}
