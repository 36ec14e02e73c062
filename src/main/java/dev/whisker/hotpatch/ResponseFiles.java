package dev.whisker.hotpatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands {@code @file} arguments the way GCC's driver reads them: arguments are separated by whitespace,
 * a backslash takes the next character literally, and single or double quotes group text containing
 * whitespace. rustc writes its linker response files in a form this reads back unchanged (one argument
 * per line, spaces and backslashes escaped).
 */
final class ResponseFiles {

    private ResponseFiles() {}

    /**
     * Replaces every {@code @path} argument by the arguments stored in that file; nested response files are
     * expanded too, up to a depth of 8.
     *
     * @throws InvalidCaptureException when a response file is missing or unreadable
     */
    static List<String> expand(List<String> argv) {
        return expand(argv, 0);
    }

    private static List<String> expand(List<String> argv, int depth) {
        List<String> out = new ArrayList<>();
        for (String arg : argv) {
            if (arg.length() > 1 && arg.charAt(0) == '@' && depth < 8) {
                Path file = Path.of(arg.substring(1));
                out.addAll(expand(parse(read(file)), depth + 1));
            } else {
                out.add(arg);
            }
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidCaptureException(file, "Captured linker response file not found", e);
        } catch (IOException e) {
            throw new InvalidCaptureException(file, "Captured linker response file cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Splits response file text into arguments. */
    static List<String> parse(String text) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inArgument = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                current.append(text.charAt(++i));
                inArgument = true;
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inArgument = true;
            } else if (Character.isWhitespace(c)) {
                if (inArgument) {
                    args.add(current.toString());
                    current.setLength(0);
                    inArgument = false;
                }
            } else {
                current.append(c);
                inArgument = true;
            }
        }
        if (inArgument) {
            args.add(current.toString());
        }
        return args;
    }
}
