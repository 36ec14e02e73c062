package dev.whisker.server;

/** UTF-8 size arithmetic on Java strings. */
final class Utf8 {

    private Utf8() {
    }

    /**
     * Returns the number of bytes {@code text} takes in UTF-8, without encoding it. A surrogate without its pair counts
     * as 3 bytes, so a pair split across two fragments is counted as 6 bytes instead of 4.
     */
    static long encodedLength(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
