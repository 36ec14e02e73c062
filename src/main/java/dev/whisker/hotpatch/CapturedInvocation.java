package dev.whisker.hotpatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tool call recorded by a shim of the fat build: the full argv (argv[0] is the program for rustc
 * captures), the working directory and the whole environment. The environment is kept whole because a
 * build script's {@code cargo:rustc-env} variables are needed when the call is replayed.
 *
 * @param argv the arguments in order, never empty
 * @param cwd the absolute working directory of the call
 * @param env every environment variable of the call, in capture order
 */
public record CapturedInvocation(List<String> argv, Path cwd, Map<String, String> env) {

    public CapturedInvocation {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /**
     * Reads {@code <key>.argv}, {@code <key>.env} and {@code <key>.cwd} from {@code directory}.
     *
     * @throws InvalidCaptureException when a file is missing, truncated or not in the shim format
     */
    public static CapturedInvocation read(Path directory, String key) {
        Path argvFile = directory.resolve(key + ".argv");
        Path envFile = directory.resolve(key + ".env");
        Path cwdFile = directory.resolve(key + ".cwd");

        List<String> argv = splitNulTerminated(argvFile, readBytes(argvFile));
        if (argv.isEmpty()) {
            throw new InvalidCaptureException(argvFile, "Captured argv is empty");
        }
        Map<String, String> env = parseEnv(envFile, splitNulTerminated(envFile, readBytes(envFile)));
        String cwdText = new String(readBytes(cwdFile), StandardCharsets.UTF_8);
        Path cwd;
        try {
            cwd = Path.of(cwdText);
        } catch (IllegalArgumentException e) {
            throw new InvalidCaptureException(cwdFile, "Captured working directory is not a path", e);
        }
        if (!cwd.isAbsolute()) {
            throw new InvalidCaptureException(cwdFile, "Captured working directory '" + cwdText + "' is not absolute");
        }
        return new CapturedInvocation(argv, cwd, env);
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidCaptureException(file, "Capture file not found", e);
        } catch (IOException e) {
            throw new InvalidCaptureException(file, "Capture file cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Splits the shim format, where every entry is followed by one NUL byte; a missing final NUL means a truncated file. */
    static List<String> splitNulTerminated(Path file, byte[] bytes) {
        if (bytes.length > 0 && bytes[bytes.length - 1] != 0) {
            throw new InvalidCaptureException(file, "Capture file is truncated (its last entry has no NUL terminator)");
        }
        List<String> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                entries.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return entries;
    }

    private static Map<String, String> parseEnv(Path file, List<String> entries) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new InvalidCaptureException(file, "Captured environment entry '" + entry + "' has no NAME=value form");
            }
            env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return env;
    }
}
