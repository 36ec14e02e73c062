package dev.whisker.hotpatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BuildScriptInputsTest {
    private static final Path PACKAGE = Path.of("/w/crates/b mid");

    @Test
    void listedFilesAndDirectoriesAreInputs() {
        BuildScriptInputs script = BuildScriptInputs.parse("b-mid", PACKAGE, """
                cargo:rustc-link-lib=static=twice
                cargo:rerun-if-changed=native/twice.c
                cargo::rerun-if-changed=include
                cargo:rustc-env=X=1
                """);
        assertEquals(Set.of(PACKAGE.resolve("native/twice.c"), PACKAGE.resolve("include")), script.rerunIfChanged());
        assertTrue(script.isInput(PACKAGE.resolve("native/twice.c")));
        assertTrue(script.isInput(PACKAGE.resolve("include/twice.h")));
        assertFalse(script.isInput(PACKAGE.resolve("src/lib.rs")));
        assertFalse(script.wholePackage());
    }

    @Test
    void scriptWithoutRerunLinesWatchesWholePackage() {
        BuildScriptInputs script = BuildScriptInputs.parse("b-mid", PACKAGE, "cargo:rustc-cfg=fast\n");
        assertTrue(script.wholePackage());
        assertTrue(script.isInput(PACKAGE.resolve("native/other.c")));
        assertFalse(script.isInput(Path.of("/w/crates/a-core/src/lib.rs")));
    }

    @Test
    void envRerunLineAloneWatchesNoFile() {
        BuildScriptInputs script = BuildScriptInputs.parse("b-mid", PACKAGE, "cargo:rerun-if-env-changed=CC\n");
        assertFalse(script.wholePackage());
        assertFalse(script.isInput(PACKAGE.resolve("native/twice.c")));
    }
}
