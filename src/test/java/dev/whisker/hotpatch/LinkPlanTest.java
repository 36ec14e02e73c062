package dev.whisker.hotpatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkPlanTest {
    @TempDir
    Path dir;

    private Path sysrootLib;
    private final Path stub = Path.of("/w/stub.o");
    private final List<Path> objects = List.of(Path.of("/w/obj/a.rcgu.o"), Path.of("/w/obj/b.rcgu.o"));
    private final Path output = Path.of("/w/patch-1.so");

    @BeforeEach
    void createSysroot() throws IOException {
        sysrootLib = Files.createDirectories(dir.resolve("sysroot/lib"));
    }

    private List<String> link(boolean useSystemLinker, Map<String, String> env, String... args) {
        CapturedInvocation captured = new CapturedInvocation(List.of(args), dir, env);
        return LinkPlan.of(captured, useSystemLinker, stub, objects, output).argv();
    }

    private List<String> link(String... args) {
        return link(false, Map.of(), args);
    }

    private List<String> tail() {
        return List.of("-shared", "-Wl,-Bsymbolic", "-Wl,-z,notext", "/w/stub.o", "/w/obj/a.rcgu.o",
                "/w/obj/b.rcgu.o", "-o", "/w/patch-1.so");
    }

    private List<String> expected(String... kept) {
        List<String> all = new ArrayList<>();
        all.add("cc");
        all.addAll(List.of(kept));
        all.addAll(tail());
        return all;
    }

    @Test
    void dropsInputsAndOutput() {
        assertEquals(expected("-m64", "-lc"), link("-m64", "/t/deps/rustcAbC123/symbols.o", "/t/deps/app.x.rcgu.o",
                "/r/libstd-1.rlib", "/n/libfoo.a", "-lc", "-o", "/t/deps/app-1a"));
    }

    @Test
    void dropsExecutableOnlyFlags() {
        assertEquals(expected("-Wl,--as-needed", "-Wl,-Bdynamic", "-lgcc_s"), link("-pie", "-Wl,--gc-sections",
                "-Wl,--as-needed", "-Wl,-Bstatic", "-Wl,--whole-archive", "-Wl,--no-whole-archive", "-Wl,-Bdynamic",
                "-lgcc_s", "-no-pie", "-static-pie"));
    }

    @Test
    void dropsVersionScripts() {
        assertEquals(expected("-lc"), link("-Wl,--version-script=/tmp/rustcAbC123/list", "-lc"));
    }

    @Test
    void dropsRustcTempSearchPaths() {
        assertEquals(expected("-L", sysrootLib.toString()), link("-L", "/t/deps/rustc8C1yoh/raw-dylibs",
                "-L", sysrootLib.toString(), "-L/gone/away"));
    }

    @Test
    void keepsRuntimeAndHardeningFlags() {
        List<String> argv = link("-m64", "-Wl,--eh-frame-hdr", "-Wl,-z,noexecstack", "-Wl,-z,relro,-z,now",
                "-nodefaultlibs", "-Wl,--export-dynamic-symbol,main");
        assertEquals(expected("-m64", "-Wl,--eh-frame-hdr", "-Wl,-z,noexecstack", "-Wl,-z,relro,-z,now",
                "-nodefaultlibs", "-Wl,--export-dynamic-symbol,main"), argv);
    }

    @Test
    void systemLinkerDropsSelfContainedLld() {
        String[] args = {"-B/r/lib/rustlib/x86_64-unknown-linux-gnu/bin/gcc-ld", "-fuse-ld=lld", "-lc"};
        assertEquals(expected("-lc"), link(true, Map.of(), args));
        assertEquals(expected(args), link(false, Map.of(), args));
    }

    @Test
    void userLinkerChoiceIsKept() {
        assertEquals(expected("-fuse-ld=mold", "-lc"), link(true, Map.of(), "-fuse-ld=mold", "-lc"));
    }

    @Test
    void recordedProgramIsTheDriver() {
        List<String> argv = link(false, Map.of("WHISKER_REAL_LINKER", "clang"), "clang", "-m64", "-lc");
        assertEquals(List.of("clang", "-m64", "-lc"), argv.subList(0, 3));
    }

    @Test
    void shimProgramIsReplacedByRealLinker() {
        List<String> argv = link(false, Map.of("WHISKER_REAL_LINKER", "clang"), "/s/shims/whisker-cc", "-lc");
        assertEquals("clang", argv.get(0));
        assertFalse(argv.contains("/s/shims/whisker-cc"));
    }

    @Test
    void responseFilesAreExpanded() throws IOException {
        Path rsp = dir.resolve("app.rsp.1");
        Files.writeString(rsp, "-m64\n/t/deps/app.x.rcgu.o\n/path\\ with\\ space/lib\n\"-Wl,-z,now\"\n-lc\n");
        assertEquals(expected("-m64", "/path with space/lib", "-Wl,-z,now", "-lc", "-lm"),
                link("@" + rsp, "-lm"));
    }

    @Test
    void missingResponseFileIsReported() {
        Path rsp = dir.resolve("gone.rsp");
        InvalidCaptureException e = assertThrows(InvalidCaptureException.class, () -> link("@" + rsp));
        assertEquals(rsp, e.path());
    }

    @Test
    void responseFileParserHandlesQuotes() {
        assertEquals(List.of("a b", "c'd", "", "e"), ResponseFiles.parse("'a b' \"c'd\" '' e"));
        assertTrue(ResponseFiles.parse("  \n ").isEmpty());
    }

    @Test
    void lastFuseLdNamesTheLinker() {
        CapturedInvocation captured = new CapturedInvocation(List.of("cc", "-fuse-ld=lld", "-B/s/gcc-ld",
                "-fuse-ld=bfd", "-o", "/t/app"), Path.of("/"), Map.of());
        LinkPlan plan = LinkPlan.of(captured, false, Path.of("/w/stub.o"), List.of(), Path.of("/w/p.so"));
        assertEquals("bfd", plan.linkerName());
        assertFalse(plan.needsPcRelativeEhFrame());
    }

    @Test
    void rustLldNeedsPcRelativeEhFrame() {
        CapturedInvocation captured = new CapturedInvocation(List.of("cc", "-fuse-ld=lld", "-B/s/gcc-ld", "-o", "/t/app"),
                Path.of("/"), Map.of());
        LinkPlan captured1 = LinkPlan.of(captured, false, Path.of("/w/stub.o"), List.of(), Path.of("/w/p.so"));
        LinkPlan system = LinkPlan.of(captured, true, Path.of("/w/stub.o"), List.of(), Path.of("/w/p.so"));
        assertEquals("lld", captured1.linkerName());
        assertTrue(captured1.needsPcRelativeEhFrame());
        assertEquals("default", system.linkerName());
        assertFalse(system.needsPcRelativeEhFrame());
    }

    @Test
    void moldGetsPcRelativeEhFrame() {
        CapturedInvocation captured = new CapturedInvocation(List.of("cc", "-fuse-ld=/opt/mold/bin/mold", "-o", "/t/app"),
                Path.of("/"), Map.of());
        LinkPlan plan = LinkPlan.of(captured, true, Path.of("/w/stub.o"), List.of(), Path.of("/w/p.so"));
        assertEquals("mold", plan.linkerName());
        assertTrue(plan.needsPcRelativeEhFrame());
    }
}
