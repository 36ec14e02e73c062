package dev.whisker.cargo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code rustflags} values of a cargo config file, which {@link TomlStrings} skips
 * because they are usually arrays. A value is either an array of strings (possibly over several
 * lines) or one string that cargo splits at whitespace.
 *
 * <p>NOTE: table and key segments are split at every {@code .}, so a quoted segment that
 * contains a dot (unusual in {@code cfg(...)} expressions) is split too.
 */
final class CargoConfigFlags {

    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'");

    private CargoConfigFlags() {
    }

    /** Returns each {@code rustflags} key path (table plus dotted key, unquoted) with its flags. */
    static Map<List<String>, List<String>> read(String document) {
        Map<List<String>, List<String>> values = new LinkedHashMap<>();
        List<String> table = List.of();
        String[] lines = document.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i]).strip();
            if (line.startsWith("[[")) {
                table = List.of("[[array-of-tables]]");
            } else if (line.startsWith("[") && line.endsWith("]")) {
                table = splitKey(line.substring(1, line.length() - 1));
            } else if (line.contains("=")) {
                int equals = line.indexOf('=');
                List<String> key = new ArrayList<>(table);
                key.addAll(splitKey(line.substring(0, equals)));
                if (!key.get(key.size() - 1).equals("rustflags")) {
                    continue;
                }
                StringBuilder value = new StringBuilder(line.substring(equals + 1));
                while (value.toString().strip().startsWith("[") && !value.toString().contains("]")
                        && i + 1 < lines.length) {
                    value.append('\n').append(stripComment(lines[++i]));
                }
                values.put(List.copyOf(key), flags(value.toString().strip()));
            }
        }
        return values;
    }

    /**
     * Returns the value of the last {@code -C linker} in a flag list, because rustc uses the last
     * one, or null. Spellings: {@code -C linker=x}, {@code -Clinker=x}, {@code --codegen linker=x},
     * {@code --codegen=linker=x}.
     */
    static String linkerFlag(List<String> flags) {
        String found = null;
        for (int i = 0; i < flags.size(); i++) {
            String flag = flags.get(i);
            String option = null;
            if ((flag.equals("-C") || flag.equals("--codegen")) && i + 1 < flags.size()) {
                option = flags.get(++i);
            } else if (flag.startsWith("-C")) {
                option = flag.substring(2);
            } else if (flag.startsWith("--codegen=")) {
                option = flag.substring("--codegen=".length());
            }
            if (option != null && option.startsWith("linker=")) {
                found = option.substring("linker=".length());
            }
        }
        return found;
    }

    /** Splits a RUSTFLAGS-style string at whitespace, as cargo does. */
    static List<String> splitWhitespace(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? List.of() : List.of(stripped.split("\\s+"));
    }

    private static List<String> flags(String value) {
        List<String> strings = new ArrayList<>();
        Matcher matcher = QUOTED.matcher(value);
        while (matcher.find()) {
            strings.add(matcher.group(1) != null ? matcher.group(1).replace("\\\"", "\"") : matcher.group(2));
        }
        if (value.startsWith("[")) {
            return strings;
        }
        return strings.isEmpty() ? List.of() : splitWhitespace(strings.get(0));
    }

    private static List<String> splitKey(String dottedKey) {
        List<String> segments = new ArrayList<>();
        for (String segment : dottedKey.split("\\.")) {
            String trimmed = segment.strip();
            if (trimmed.length() >= 2 && (trimmed.startsWith("\"") || trimmed.startsWith("'"))) {
                trimmed = trimmed.substring(1, trimmed.length() - 1);
            }
            segments.add(trimmed);
        }
        return segments;
    }

    private static String stripComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                return line.substring(0, i);
            }
        }
        return line;
    }
}
