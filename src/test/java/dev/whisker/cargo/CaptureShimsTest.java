package dev.whisker.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the shim scripts with real rustc, cc and cargo. */
class CaptureShimsTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String TRIPLE = "x86_64-unknown-linux-gnu";

    @TempDir
    Path temp;

    private CaptureShims shims;
    private Path captureDir;
    private Toolchain toolchain;

    @BeforeEach
    void install() throws Exception {
        toolchain = TestCrates.toolchain();
        shims = CaptureShims.install(temp.resolve("shims"), new RealLinker("cc", "default"));
        captureDir = temp.resolve("capture dir");
    }

    @Test
    void shimsArePrivateAndExecutable() throws IOException {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.resolve("shims"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(shims.rustcShim())));
        assertEquals(temp.resolve("shims/whisker-cc"), shims.linkerShim());
        assertTrue(Files.isExecutable(shims.linkerShim()));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void buildWithoutCaptureDirWritesNothing(boolean emptyValue) throws Exception {
        Path crate = temp.resolve("plain");
        TestCrates.writeBin(crate, "plain-app", "fn main() { println!(\"plain\"); }\n");
        Map<String, String> env = new HashMap<>(toolchain.environment());
        env.putAll(shims.passThroughEnvironment(TRIPLE));
        env.remove("WHISKER_CAPTURE_DIR");
        if (emptyValue) {
            env.put("WHISKER_CAPTURE_DIR", "");
        }
        List<Path> before = listTree(temp);

        CommandResult result = CommandResult.run(List.of(toolchain.cargo().toString(), "build", "-v",
                "--target-dir", temp.resolve("plain-target").toString()), crate, env, TIMEOUT);

        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stderr().contains(shims.rustcShim().toString()), "the build did not run the rustc shim");
        assertTrue(result.stderr().contains(shims.linkerShim().toString()), "the build did not run the linker shim");
        assertTrue(Files.isExecutable(temp.resolve("plain-target/debug/plain-app")));
        List<Path> after = listTree(temp).stream()
                .filter(path -> !path.startsWith(temp.resolve("plain-target")) && !path.startsWith(crate.resolve("Cargo.lock")))
                .toList();
        assertEquals(before, after);
    }

    @Test
    void probeCallNotCaptured() throws Exception {
        CommandResult result = runShim(List.of(shims.rustcShim().toString(), toolchain.rustc().toString(), "-",
                "--crate-name", "___", "--print=file-names", "--crate-type", "bin"));

        assertEquals(0, result.exitCode(), result.stderr());
        assertFalse(Files.exists(captureDir.resolve("rustc")));
    }

    @Test
    void rustcArgfileCopiedAndKeyRead() throws Exception {
        Path source = temp.resolve("src dir/tiny.rs");
        TestCrates.write(source, "pub fn tiny() -> u8 { 7 }\n");
        Path argfile = temp.resolve("args");
        Files.writeString(argfile, String.join("\n", "--crate-name", "tiny", "--crate-type", "lib",
                "--edition=2021", source.toString(), "-C", "extra-filename=-0a1b", "--out-dir",
                temp.resolve("out").toString()) + "\n");

        CommandResult result = runShim(List.of(shims.rustcShim().toString(), toolchain.rustc().toString(), "@" + argfile));

        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(Files.isRegularFile(temp.resolve("out/libtiny-0a1b.rlib")));
        Path copy = captureDir.resolve("rustc/tiny-0a1b.rsp.1");
        assertEquals(Files.readString(argfile), Files.readString(copy));
        assertEquals(List.of(toolchain.rustc().toString(), "@" + copy),
                TestCrates.readNulSeparated(captureDir.resolve("rustc/tiny-0a1b.argv")));
    }

    @Test
    void linkerResponseFileCopiedAndKeyRead() throws Exception {
        Path object = compileC("int main(void) { return 5; }\n");
        Path output = temp.resolve("out dir/linked");
        Files.createDirectories(output.getParent());
        Path rsp = temp.resolve("linker-arguments");
        // rustc's format: one argument per line, spaces escaped with a backslash.
        Files.writeString(rsp, object + "\n-o\n" + output.toString().replace(" ", "\\ ") + "\n");

        CommandResult result = runShim(List.of(shims.linkerShim().toString(), "@" + rsp));
        Files.delete(rsp);

        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(Files.isExecutable(output));
        Path copy = captureDir.resolve("link/linked.rsp.1");
        assertTrue(Files.readString(copy).contains("-o\n"));
        assertEquals(List.of("cc", "@" + copy), TestCrates.readNulSeparated(captureDir.resolve("link/linked.argv")));
        assertEquals(temp.toRealPath().toString(), Files.readString(captureDir.resolve("link/linked.cwd")));
        assertTrue(TestCrates.readNulSeparated(captureDir.resolve("link/linked.env")).contains("WHISKER_REAL_LINKER=cc"));
    }

    @Test
    void linkerCallWithoutOutputNotCaptured() throws Exception {
        CommandResult result = runShim(List.of(shims.linkerShim().toString(), "--version"));

        assertEquals(0, result.exitCode(), result.stderr());
        assertFalse(Files.exists(captureDir.resolve("link")));
    }

    private Path compileC(String source) throws Exception {
        Path file = temp.resolve("main.c");
        Files.writeString(file, source);
        Path object = temp.resolve("main.o");
        CommandResult result = CommandResult.run(List.of("cc", "-c", file.toString(), "-o", object.toString()), temp,
                toolchain.environment(), TIMEOUT);
        assertEquals(0, result.exitCode(), result.stderr());
        return object;
    }

    private CommandResult runShim(List<String> command) throws CargoException {
        Map<String, String> env = new HashMap<>(toolchain.environment());
        env.putAll(shims.captureEnvironment(captureDir, TRIPLE));
        return CommandResult.run(command, temp, env, TIMEOUT);
    }

    private static List<Path> listTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.sorted().toList();
        }
    }
}
