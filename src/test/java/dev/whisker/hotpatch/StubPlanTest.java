package dev.whisker.hotpatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whisker.objfile.Symbol;
import dev.whisker.objfile.SymbolBinding;
import dev.whisker.objfile.SymbolCache;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans stubs against a real PIE executable built by cc. */
class StubPlanTest {
    private static final long SLIDE = 0x5555_0000_0000L;

    @TempDir
    static Path dir;

    private static SymbolCache host;

    @BeforeAll
    static void buildHost() throws Exception {
        Path binary = Cc.build(dir, "host", List.of("-O0", "-pie", "-fPIE"),
                "a.c=#include <stdio.h>\n"
                        + "int counter = 5;\n"
                        + "__thread int per_thread;\n"
                        + "int shared_name(void) { return 1; }\n"
                        + "static int private_fn(void) { return 2; }\n"
                        + "int b(void);\n"
                        + "int main(void) { puts(\"x\"); return shared_name() + private_fn() + counter + per_thread + b(); }\n",
                "b.c=static int shared_name(void) { return 3; }\n"
                        + "int b(void) { return shared_name(); }\n");
        host = SymbolCache.load(binary);
    }

    private static long address(String name, SymbolBinding binding) {
        return host.lookup(name).stream().filter(s -> s.defined() && s.binding() == binding)
                .map(Symbol::address).findFirst().orElseThrow();
    }

    @Test
    void functionsGetTrampolinesAtSlidAddress() {
        StubPlan plan = StubPlan.plan(Set.of("b"), host, SLIDE);
        assertEquals(List.of(new StubPlan.Stub("b", address("b", SymbolBinding.GLOBAL) + SLIDE)), plan.functions());
        assertTrue(plan.data().isEmpty());
    }

    @Test
    void dataGetsAbsoluteSymbols() {
        StubPlan plan = StubPlan.plan(Set.of("counter"), host, SLIDE);
        assertEquals(List.of(new StubPlan.Stub("counter", address("counter", SymbolBinding.GLOBAL) + SLIDE)), plan.data());
        assertTrue(plan.functions().isEmpty());
    }

    @Test
    void globalCopyWinsOverLocalCopy() {
        StubPlan plan = StubPlan.plan(Set.of("shared_name"), host, SLIDE);
        assertEquals(address("shared_name", SymbolBinding.GLOBAL) + SLIDE, plan.functions().get(0).runtimeAddress());
    }

    @Test
    void localOnlyFunctionIsStillStubbed() {
        StubPlan plan = StubPlan.plan(Set.of("private_fn"), host, SLIDE);
        assertEquals(address("private_fn", SymbolBinding.LOCAL) + SLIDE, plan.functions().get(0).runtimeAddress());
    }

    @Test
    void hostImportsAreLeftToTheLoader() {
        StubPlan plan = StubPlan.plan(Set.of("puts"), host, SLIDE);
        assertEquals(List.of("puts"), plan.hostImports());
        assertTrue(plan.stubNames().isEmpty());
    }

    @Test
    void threadLocalsGetNoStub() {
        StubPlan plan = StubPlan.plan(Set.of("per_thread"), host, SLIDE);
        assertTrue(plan.stubNames().isEmpty());
        assertTrue(plan.missing().isEmpty());
    }

    @Test
    void linkerDefinedNamesAreNeverStubbed() {
        StubPlan plan = StubPlan.plan(Set.of("main", "_start", "_DYNAMIC", "__dso_handle", "_GLOBAL_OFFSET_TABLE_",
                "__ehdr_start", "__init_array_start", "__fini_array_end"), host, SLIDE);
        assertTrue(plan.stubNames().isEmpty(), plan.toString());
        assertTrue(plan.missing().isEmpty(), plan.toString());
    }

    @Test
    void absentNamesAreMissing() {
        StubPlan plan = StubPlan.plan(Set.of("_ZN3foo3bar17h0123456789abcdefE", "no_such_c_function"), host, SLIDE);
        assertEquals(List.of("_ZN3foo3bar17h0123456789abcdefE", "no_such_c_function"), plan.missing());
        assertEquals("The patch needs 1 symbol(s) the running app does not contain (_ZN3foo3bar17h0123456789abcdefE)."
                + " Press R for a full rebuild and restart.", HostChecks.missingRustSymbols(plan).orElseThrow());
        assertTrue(HostChecks.unresolvedWarnings(plan).get(0).contains("no_such_c_function"));
    }
}
