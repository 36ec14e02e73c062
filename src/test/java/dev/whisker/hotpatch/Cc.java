package dev.whisker.hotpatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test helper: builds small C programs, objects and libraries with the system {@code cc}. */
final class Cc {
    private static final long TIMEOUT_SECONDS = 60;

    private Cc() {}

    /** Writes each {@code name=source} pair into {@code dir} and runs {@code cc <flags> <sources> -o out}. */
    static Path build(Path dir, String output, List<String> flags, String... sources) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("cc"));
        command.addAll(flags);
        for (String source : sources) {
            int eq = source.indexOf('=');
            Path file = dir.resolve(source.substring(0, eq));
            Files.writeString(file, source.substring(eq + 1));
            command.add(file.toString());
        }
        Path out = dir.resolve(output);
        command.add("-o");
        command.add(out.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed:\n" + log);
        }
        return out;
    }
}
