package dev.whisker.hotpatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Read access to the capture directory of one fat build: {@code build.json}, {@code rustc/<key>.*} and
 * {@code link/<key>.*}. A host binary must always be paired with the capture of the build that produced
 * it, because the rustc shim changes {@code -C metadata} and so every mangled name.
 */
public final class CaptureStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final BuildInfo build;

    private CaptureStore(Path directory, BuildInfo build) {
        this.directory = directory;
        this.build = build;
    }

    /**
     * Opens a capture directory and parses its {@code build.json}.
     *
     * @throws InvalidCaptureException when {@code build.json} is missing, unparsable or lacks a required field
     */
    public static CaptureStore open(Path directory) {
        Path file = directory.resolve("build.json");
        BuildInfo build;
        try {
            build = JSON.readValue(Files.readAllBytes(file), BuildInfo.class);
        } catch (NoSuchFileException e) {
            throw new InvalidCaptureException(file, "Build description not found", e);
        } catch (JsonProcessingException e) {
            throw new InvalidCaptureException(file, "Build description is not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new InvalidCaptureException(file, "Build description cannot be read (" + e.getMessage() + ")", e);
        }
        if (build == null) {
            throw new InvalidCaptureException(file, "Build description is empty");
        }
        requireField(file, "binary", build.binary());
        requireField(file, "tipKey", build.tipKey());
        requireField(file, "linkKey", build.linkKey());
        return new CaptureStore(directory, build);
    }

    private static void requireField(Path file, String name, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidCaptureException(file, "Build description has no '" + name + "'");
        }
    }

    public Path directory() {
        return directory;
    }

    public BuildInfo build() {
        return build;
    }

    /** Returns the executable the patches are built for. */
    public Path binary() {
        return Path.of(build.binary());
    }

    /** Reads the captured rustc call with the given key ({@code <crate-name><extra-filename>}). */
    public CapturedInvocation rustc(String key) {
        return CapturedInvocation.read(directory.resolve("rustc"), key);
    }

    /** Reads the captured linker call with the given key (basename of its {@code -o}). */
    public CapturedInvocation link(String key) {
        return CapturedInvocation.read(directory.resolve("link"), key);
    }

    /** Reads the tip crate's rustc call, which is replayed for every patch. */
    public CapturedInvocation tipRustc() {
        return rustc(build.tipKey());
    }

    /** Reads the link that produced {@link #binary()}, the template of every patch link. */
    public CapturedInvocation tipLink() {
        return link(build.linkKey());
    }
}
