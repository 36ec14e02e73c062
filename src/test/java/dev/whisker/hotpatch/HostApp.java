package dev.whisker.hotpatch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Test fixture: the std-only crate under {@code src/test/resources/hotpatch/app} and its path dependency
 * {@code anchor}, which defines the anchor the way the whisker client does. The crate is fat-built with the
 * cargo package's capture shims into a temporary directory and run as a child process driven over stdin
 * (see its {@code harness.rs}). The fixture writes a {@code build.json} like the one the cargo package
 * writes.
 */
final class HostApp {
    static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(20);

    final Path root;
    final Path crate;
    final Path captureDir;
    final Path targetDir;
    private final String crateName;

    private HostApp(Path root, String crateName) {
        this.root = root;
        this.crateName = crateName;
        this.crate = root.resolve("app");
        this.captureDir = root.resolve("capture");
        this.targetDir = root.resolve("cargo");
    }

    /** Copies the harness crate and shims into {@code root} and fat-builds it with capture on. */
    static HostApp build(Path root) throws IOException, InterruptedException {
        HostApp app = new HostApp(root, "hostapp");
        copyResource("app/Cargo.toml", app.crate.resolve("Cargo.toml"));
        copyResource("app/src/main.rs", app.crate.resolve("src/main.rs"));
        copyResource("app/src/harness.rs", app.crate.resolve("src/harness.rs"));
        copyResource("anchor/Cargo.toml", root.resolve("anchor/Cargo.toml"));
        copyResource("anchor/src/lib.rs", root.resolve("anchor/src/lib.rs"));
        app.installShimsAndBuild();
        return app;
    }

    /**
     * Copies the {@code clientapp} crate, which applies frames with the real whisker-dev-client crate at
     * {@code clientDir}, and fat-builds it with capture on.
     */
    static HostApp buildClientApp(Path root, Path clientDir) throws IOException, InterruptedException {
        HostApp app = new HostApp(root, "clientapp");
        copyResource("clientapp/Cargo.toml", app.crate.resolve("Cargo.toml"));
        copyResource("clientapp/src/main.rs", app.crate.resolve("src/main.rs"));
        Path manifest = app.crate.resolve("Cargo.toml");
        Files.writeString(manifest, Files.readString(manifest).replace("@CLIENT_DIR@", clientDir.toString()));
        app.installShimsAndBuild();
        return app;
    }

    private void installShimsAndBuild() throws IOException, InterruptedException {
        Path shims = root.resolve("shims");
        // The cargo package's own shim scripts, so these tests also check the capture format they write.
        copyResource("/dev/whisker/cargo/whisker-rustc.sh", shims.resolve("whisker-rustc"));
        copyResource("/dev/whisker/cargo/whisker-cc.sh", shims.resolve("whisker-cc"));
        for (Path shim : List.of(shims.resolve("whisker-rustc"), shims.resolve("whisker-cc"))) {
            Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        fatBuild(shims);
    }

    /** Copies a classpath resource; a name without a leading slash is relative to {@code /hotpatch/}. */
    private static void copyResource(String name, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        String resource = name.startsWith("/") ? name : "/hotpatch/" + name;
        try (InputStream in = HostApp.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " not found");
            }
            Files.copy(in, target);
        }
    }

    private void fatBuild(Path shims) throws IOException, InterruptedException {
        Files.createDirectories(captureDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ProcessBuilder builder = new ProcessBuilder("cargo", "rustc", "--offline", "--quiet", "--bin", crateName,
                "--", "-C", "link-dead-code")
                .directory(crate.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("CARGO_TARGET_DIR", targetDir.toString());
        env.put("WHISKER_CAPTURE_DIR", captureDir.toString());
        env.put("RUSTC_WORKSPACE_WRAPPER", shims.resolve("whisker-rustc").toString());
        env.put("CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER", shims.resolve("whisker-cc").toString());
        env.put("WHISKER_REAL_LINKER", "cc");
        Process cargo = builder.start();
        String output = new String(cargo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!cargo.waitFor(BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || cargo.exitValue() != 0) {
            cargo.destroyForcibly();
            throw new IOException("fat build of the test crate failed:\n" + output);
        }
        writeBuildJson();
    }

    private void writeBuildJson() throws IOException {
        String tipKey;
        try (Stream<Path> files = Files.list(captureDir.resolve("rustc"))) {
            tipKey = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(crateName + "-") && n.endsWith(".argv"))
                    .map(n -> n.substring(0, n.length() - ".argv".length()))
                    .findFirst().orElseThrow(() -> new IOException("no rustc capture of " + crateName));
        }
        Path binary = targetDir.resolve("debug/deps").resolve(tipKey);
        String json = "{\"binary\":\"" + binary + "\",\"tipKey\":\"" + tipKey + "\",\"linkKey\":\"" + tipKey
                + "\",\"targetTriple\":\"x86_64-unknown-linux-gnu\",\"targetDir\":\"" + targetDir
                + "\",\"profile\":\"dev\",\"packages\":[{\"name\":\"" + crateName + "\",\"crateName\":\"" + crateName + "\","
                + "\"manifestPath\":\"" + crate.resolve("Cargo.toml") + "\",\"srcRoot\":\"" + crate.resolve("src")
                + "\",\"key\":\"" + tipKey + "\"}]}";
        Files.writeString(captureDir.resolve("build.json"), json);
    }

    Path binary() {
        return CaptureStore.open(captureDir).binary();
    }

    Path mainRs() {
        return crate.resolve("src/main.rs");
    }

    /** Replaces {@code from} by {@code to} in main.rs; fails when {@code from} is absent. */
    void edit(String from, String to) throws IOException {
        String text = Files.readString(mainRs());
        if (!text.contains(from)) {
            throw new IllegalStateException("main.rs does not contain '" + from + "'");
        }
        Files.writeString(mainRs(), text.replace(from, to));
    }

    /** Starts one process of the app with the given command-line arguments. */
    RunningApp start(String... args) throws IOException, InterruptedException {
        return new RunningApp(binary(), args);
    }

    /** One process of the app, driven over stdin; the crate's harness.rs or main.rs lists the commands. */
    static final class RunningApp implements AutoCloseable {
        private final Process process;
        private final Writer stdin;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final long anchor;
        private final long mainAddress;

        /** Starts {@code binary}, which must print {@code anchor <hex> <hex>} as its first line. */
        static RunningApp launch(Path binary, String... args) throws IOException, InterruptedException {
            return new RunningApp(binary, args);
        }

        private RunningApp(Path binary, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            command.add(binary.toString());
            command.addAll(List.of(args));
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(this::pumpStdout, "hostapp-stdout");
            reader.setDaemon(true);
            reader.start();
            String first = nextLine();
            if (!first.startsWith("anchor ")) {
                throw new IOException("unexpected first line from the app: " + first);
            }
            String[] addresses = first.substring("anchor ".length()).split(" ");
            anchor = Long.parseUnsignedLong(addresses[0], 16);
            mainAddress = Long.parseUnsignedLong(addresses[1], 16);
        }

        private void pumpStdout() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("stdout closed: " + e.getMessage());
            }
        }

        /** Returns the runtime address of the anchor, as a client would send it in its hello. */
        long anchor() {
            return anchor;
        }

        /** Returns the runtime address of the C {@code main} symbol, the anchor of subsecond-style clients. */
        long mainAddress() {
            return mainAddress;
        }

        /** Sends one command line and returns the app's one-line reply. */
        String send(String command) throws IOException, InterruptedException {
            stdin.write(command + "\n");
            stdin.flush();
            return nextLine();
        }

        private String nextLine() throws IOException, InterruptedException {
            String line = lines.poll(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new IOException("no reply from the app within " + REPLY_TIMEOUT + " (alive: " + process.isAlive() + ")");
            }
            return line;
        }

        /** Applies {@code artifact} with {@code whisker_aslr_anchor} as the anchor. */
        String apply(PatchArtifact artifact, Path dir) throws IOException, InterruptedException {
            return apply(artifact, dir, PatcherOptions.DEFAULT_ANCHOR);
        }

        /** Writes the artifact's library and table under {@code dir}, sends the load command and returns the reply. */
        String apply(PatchArtifact artifact, Path dir, String anchorName) throws IOException, InterruptedException {
            Path library = dir.resolve(artifact.libName());
            Files.write(library, artifact.library());
            List<String> table = new ArrayList<>();
            table.add(Long.toHexString(artifact.aslrReference()) + " " + Long.toHexString(artifact.newBaseAddress())
                    + " " + anchorName);
            for (long[] pair : artifact.map()) {
                table.add(Long.toHexString(pair[0]) + " " + Long.toHexString(pair[1]));
            }
            Path tableFile = dir.resolve(artifact.libName() + ".table");
            Files.write(tableFile, table);
            return send("load " + library + " " + tableFile);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
