package dev.whisker.hotpatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whisker.objfile.SymbolCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links patches with the fat build's linker under each linker configuration a user may have: rustc's
 * default ({@code cc} with rust-lld), GNU ld or gold chosen with {@code -C link-arg=-fuse-ld=...}, and
 * {@code linker = "gcc"} in {@code .cargo/config.toml}. Each patch is applied by the real client.
 */
class LinkerPatchTest {
    private static final List<String> FILES = List.of("Cargo.toml", "src/main.rs");

    @TempDir
    Path root;

    /** Returns which linker left its mark in a library: lld's {@code .comment} entry or gold's version note. */
    private static String linkerMark(byte[] library) {
        String text = new String(library, StandardCharsets.ISO_8859_1);
        if (text.contains("Linker: LLD")) {
            return "lld";
        }
        return text.contains("gold 1.") ? "gold" : "bfd";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "default | | lld",
        "fuse-ld=bfd | rustflags = [\"-C\", \"link-arg=-fuse-ld=bfd\"] | bfd",
        "fuse-ld=gold | rustflags = [\"-C\", \"link-arg=-fuse-ld=gold\"] | gold",
        "linker=gcc | linker = \"gcc\" | bfd"})
    void patchLinksWithFatBuildLinker(String name, String targetConfig, String expectedLinker) throws Exception {
        Map<String, String> config = targetConfig == null ? Map.of()
                : Map.of(".cargo/config.toml", "[target.x86_64-unknown-linux-gnu]\n" + targetConfig + "\n");
        WorkspaceApp app = WorkspaceApp.build("clientapp", FILES, config, root.resolve("with space/app"), ".",
                root.resolve("maven target"));
        SymbolCache host = SymbolCache.load(app.build.binary());
        assertEquals(expectedLinker, linkerMark(Files.readAllBytes(app.build.binary())), "fat build linker");
        try (Patcher patcher = Patcher.prepare(app.captures(), host, PatcherOptions.defaults(root.resolve("work")));
                HostApp.RunningApp process = HostApp.RunningApp.launch(app.build.binary(),
                        root.resolve("client-patches").toString())) {
            assertEquals("CLIENT-ORIGINAL count=1", process.send("call"));
            Path main = app.edit("src/main.rs", "CLIENT-ORIGINAL", "CLIENT-LINKED");
            PatchOutcome outcome = patcher.build(Set.of(main), Set.of(process.anchor()));
            PatchResult result = assertInstanceOf(PatchResult.class, outcome, outcome::toString);
            PatchArtifact artifact = result.artifacts().get(process.anchor());
            assertEquals(expectedLinker, linkerMark(artifact.library()), "patch linker");

            Path frame = root.resolve("frame.bin");
            Files.write(frame, ClientFrames.encode(artifact));
            String reply = process.send("frame " + frame);
            assertTrue(reply.startsWith("loaded "), reply);
            assertEquals("CLIENT-LINKED count=2", process.send("call"));
        }
    }
}
