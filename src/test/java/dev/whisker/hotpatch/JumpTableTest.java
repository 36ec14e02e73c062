package dev.whisker.hotpatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.whisker.objfile.ObjectFiles;
import dev.whisker.objfile.Symbol;
import dev.whisker.objfile.SymbolCache;
import dev.whisker.objfile.SymbolKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds jump tables between a real cc-built host and a real cc-built shared library. */
class JumpTableTest {
    @TempDir
    static Path dir;

    private static SymbolCache host;
    private static List<Symbol> patch;

    @BeforeAll
    static void build() throws Exception {
        Path binary = Cc.build(dir, "host", List.of("-O0"),
                "a.c=static int twin(void) { return 1; }\nint a(void) { return twin(); }\n"
                        + "int f(void) { return 2; }\nint g(void) { return 3; }\n"
                        + "int b(void);\nint main(void) { return a() + b() + f() + g(); }\n",
                "b.c=static int twin(void) { return 4; }\nint b(void) { return twin(); }\n");
        host = SymbolCache.load(binary);
        Path library = Cc.build(dir, "patch.so", List.of("-O0", "-shared", "-fPIC"),
                "p.c=int twin(void) { return 5; }\nint f(void) { return 6; }\n"
                        + "int added_fn(void) { return 7; }\nint g(void) { return 8; }\n");
        patch = ObjectFiles.read(library).symbols();
    }

    private static List<Long> hostFunctions(String name) {
        return host.lookup(name).stream().filter(s -> s.defined() && s.kind() == SymbolKind.FUNCTION)
                .map(Symbol::address).sorted().toList();
    }

    private static long patchFunction(String name) {
        return patch.stream().filter(s -> s.name().equals(name) && s.defined()).map(Symbol::address).findFirst().orElseThrow();
    }

    @Test
    void mapsEveryHostCopyAndSkipsStubs() {
        JumpTable table = JumpTable.build(patch, Set.of("g"), host);

        List<long[]> expected = new ArrayList<>();
        for (long twin : hostFunctions("twin")) {
            expected.add(new long[] {twin, patchFunction("twin")});
        }
        expected.add(new long[] {hostFunctions("f").get(0), patchFunction("f")});
        expected.sort(Comparator.comparingLong(pair -> pair[0]));

        assertEquals(2, hostFunctions("twin").size(), "the host should have two local copies of twin");
        assertArrayEquals(expected.toArray(new long[0][]), table.map());
    }

    @Test
    void reportsFunctionsTheHostLacks() {
        JumpTable table = JumpTable.build(patch, Set.of("g"), host);
        assertEquals(true, table.added().contains("added_fn"));
        assertEquals(false, table.added().contains("g"));
        assertEquals(false, table.added().contains("twin"));
    }
}
