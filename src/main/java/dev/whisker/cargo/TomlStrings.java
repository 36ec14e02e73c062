package dev.whisker.cargo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the string values of a TOML document into a map from key path (the unquoted segments
 * of the table header and the dotted key) to value. Enough of TOML for cargo's {@code target.<triple>.linker}: table
 * headers, dotted and quoted keys, basic and literal strings, and one-line inline tables.
 * Numbers, booleans, arrays, arrays of tables and multi-line strings are skipped, and malformed
 * lines are ignored rather than reported, because cargo itself reports them during the build.
 */
final class TomlStrings {

    private TomlStrings() {
    }

    static Map<List<String>, String> read(String document) {
        Map<List<String>, String> values = new LinkedHashMap<>();
        List<String> table = List.of();
        String multiLineCloser = null;
        for (String rawLine : document.split("\\R")) {
            if (multiLineCloser != null) {
                if (rawLine.contains(multiLineCloser)) {
                    multiLineCloser = null;
                }
                continue;
            }
            String line = stripComment(rawLine).strip();
            if (line.startsWith("[[")) {
                table = null;
            } else if (line.startsWith("[") && line.endsWith("]")) {
                table = parseKey(line.substring(1, line.length() - 1));
            } else if (table != null) {
                multiLineCloser = readKeyValue(line, table, values);
            }
        }
        return values;
    }

    /** Reads one {@code key = value} line; returns the closer of a multi-line string it opens. */
    private static String readKeyValue(String line, List<String> table, Map<List<String>, String> values) {
        int equals = indexOutsideQuotes(line, '=');
        if (equals < 0) {
            return null;
        }
        List<String> key = qualify(table, parseKey(line.substring(0, equals)));
        String value = line.substring(equals + 1).strip();
        for (String closer : List.of("\"\"\"", "'''")) {
            if (value.startsWith(closer)) {
                return value.indexOf(closer, 3) >= 0 ? null : closer;
            }
        }
        if (value.startsWith("{") && value.endsWith("}")) {
            for (String pair : splitOutsideQuotes(value.substring(1, value.length() - 1), ',')) {
                readKeyValue(pair.strip(), key, values);
            }
        } else if (value.startsWith("\"") || value.startsWith("'")) {
            String text = parseString(value);
            if (text != null) {
                values.put(key, text);
            }
        }
        return null;
    }

    private static List<String> qualify(List<String> table, List<String> key) {
        List<String> path = new ArrayList<>(table);
        path.addAll(key);
        return List.copyOf(path);
    }

    private static List<String> parseKey(String dottedKey) {
        List<String> segments = new ArrayList<>();
        for (String segment : splitOutsideQuotes(dottedKey, '.')) {
            String trimmed = segment.strip();
            String unquoted = trimmed.startsWith("\"") || trimmed.startsWith("'") ? parseString(trimmed) : trimmed;
            segments.add(unquoted == null ? trimmed : unquoted);
        }
        return List.copyOf(segments);
    }

    /** Parses a basic or literal string at the start of {@code text}; null if unterminated. */
    private static String parseString(String text) {
        char quote = text.charAt(0);
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == quote) {
                return out.toString();
            }
            if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                i++;
                char escaped = text.charAt(i);
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'u' -> {
                        if (i + 4 >= text.length()) {
                            return null;
                        }
                        out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> out.append(escaped);
                }
            } else {
                out.append(c);
            }
        }
        return null;
    }

    private static String stripComment(String line) {
        int hash = indexOutsideQuotes(line, '#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static int indexOutsideQuotes(String text, char target) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == target) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new ArrayList<>();
        String rest = text;
        int index;
        while ((index = indexOutsideQuotes(rest, separator)) >= 0) {
            parts.add(rest.substring(0, index));
            rest = rest.substring(index + 1);
        }
        parts.add(rest);
        return parts;
    }
}
