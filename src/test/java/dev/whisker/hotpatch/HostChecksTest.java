package dev.whisker.hotpatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whisker.objfile.Anchor;
import dev.whisker.objfile.SymbolCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks whether real cc-built hosts can be patched. */
class HostChecksTest {
    @TempDir
    static Path dir;

    private static Path withAnchor;
    private static Path stripped;

    @BeforeAll
    static void buildHosts() throws Exception {
        withAnchor = Cc.build(dir, "host", List.of("-O0"),
                "a.c=int whisker_aslr_anchor(void) { return 7; }\nint main(void) { return whisker_aslr_anchor(); }\n");
        stripped = dir.resolve("host-stripped");
        Files.copy(withAnchor, stripped);
        Process strip = new ProcessBuilder("strip", stripped.toString()).inheritIO().start();
        assertTrue(strip.waitFor(60, TimeUnit.SECONDS), "strip timed out");
        assertEquals(0, strip.exitValue(), "strip failed");
    }

    @Test
    void anchorIsFound() throws Exception {
        SymbolCache host = SymbolCache.load(withAnchor);
        Anchor anchor = HostChecks.requirePatchable(host, "whisker_aslr_anchor");
        assertEquals(host.lookup("whisker_aslr_anchor").get(0).address(), anchor.staticAddress());
    }

    @Test
    void mainCanBeTheAnchor() throws Exception {
        SymbolCache host = SymbolCache.load(withAnchor);
        assertEquals(host.lookup("main").get(0).address(), HostChecks.requirePatchable(host, "main").staticAddress());
    }

    @Test
    void missingAnchorNamesBinaryAndFix() throws Exception {
        SymbolCache host = SymbolCache.load(withAnchor);
        HostNotPatchableException e = assertThrows(HostNotPatchableException.class,
                () -> HostChecks.requirePatchable(host, "other_anchor"));
        assertEquals(withAnchor, e.binary());
        assertTrue(e.getMessage().contains(withAnchor + " does not define the anchor symbol 'other_anchor'"), e.getMessage());
        assertTrue(e.getMessage().contains("whisker.anchor=main"), e.getMessage());
    }

    @Test
    void strippedHostNamesProfileSetting() throws Exception {
        SymbolCache host = SymbolCache.load(stripped);
        HostNotPatchableException e = assertThrows(HostNotPatchableException.class,
                () -> HostChecks.requirePatchable(host, "whisker_aslr_anchor"));
        assertTrue(e.getMessage().contains(stripped + " has no symbol table"), e.getMessage());
        assertTrue(e.getMessage().contains("strip = \"none\""), e.getMessage());
        assertTrue(e.getMessage().contains("[profile.dev]"), e.getMessage());
    }
}
