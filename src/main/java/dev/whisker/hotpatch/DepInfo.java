package dev.whisker.hotpatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The input files of one rustc call, read from the dep-info file ({@code <crate><extra-filename>.d}) that
 * rustc writes for {@code --emit=dep-info}. Besides the crate's modules it lists every file that
 * {@code include_str!}, {@code include_bytes!} or {@code include!} read, so it maps saved files to
 * the crates they change.
 *
 * <p>The file is in Makefile syntax. After the rules for the outputs, rustc writes one rule per input with
 * no prerequisites ({@code path:}), which is what this parser reads. Spaces in a path are escaped with a
 * backslash. Relative paths are relative to the working directory of the rustc call.
 */
final class DepInfo {
    private DepInfo() {}

    /**
     * Reads the inputs listed in {@code file}, resolved against {@code cwd} and normalised.
     *
     * @return empty when the file does not exist (a crate that cargo built without dep-info)
     * @throws PatchFailedException when the file exists but cannot be read
     */
    static Optional<Set<Path>> read(Path file, Path cwd) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new PatchFailedException("Failed to read the dep-info file " + file + ": " + e.getMessage(), e);
        }
        return Optional.of(parse(text, cwd));
    }

    /** Returns the paths of the prerequisite-free rules in {@code text}, resolved against {@code cwd}. */
    static Set<Path> parse(String text, Path cwd) {
        Set<Path> inputs = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#") || !line.endsWith(":") || line.endsWith("\\:")) {
                continue;
            }
            String path = unescape(line.substring(0, line.length() - 1));
            if (!path.isEmpty()) {
                inputs.add(cwd.resolve(path).normalize());
            }
        }
        return inputs;
    }

    /** Removes the backslash rustc puts before a space in a path. */
    private static String unescape(String escaped) {
        return escaped.replace("\\ ", " ");
    }
}
