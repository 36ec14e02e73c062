package dev.whisker.hotpatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrateGraphTest {
    /** tip -> b, c; b -> a; lib (same package as tip) -> b; unused -> a. */
    private static final CrateGraph GRAPH = graph();

    private static CrateGraph graph() {
        Map<String, CrateGraph.Crate> crates = new LinkedHashMap<>();
        add(crates, "app-1", "app", false, "b-2", "c-3", "app-9");
        add(crates, "b-2", "b", true, "a-4");
        add(crates, "c-3", "c", true);
        add(crates, "a-4", "a", true);
        add(crates, "app-9", "app", true, "b-2");
        add(crates, "unused-5", "unused", true, "a-4");
        return new CrateGraph(crates, "app-1");
    }

    private static void add(Map<String, CrateGraph.Crate> crates, String key, String name, boolean library,
            String... dependencies) {
        CapturedInvocation rustc = new CapturedInvocation(List.of("rustc"), Path.of("/w"), Map.of());
        crates.put(key, new CrateGraph.Crate(key, name, name, library, rustc, new LinkedHashSet<>(List.of(dependencies)),
                Path.of("/t/" + key + ".d")));
    }

    private static List<String> order(String... edited) {
        return GRAPH.rebuildOrder(Set.of(edited)).stream().map(CrateGraph.Crate::key).toList();
    }

    @Test
    void bottomEditRebuildsEveryDependent() {
        assertEquals(List.of("a-4", "b-2", "app-9", "app-1"), order("a-4"));
    }

    @Test
    void siblingOutsideClosureIsNotRebuilt() {
        assertEquals(List.of("c-3", "app-1"), order("c-3"));
    }

    @Test
    void twoEditsGiveOneOrder() {
        assertEquals(List.of("a-4", "b-2", "c-3", "app-9", "app-1"), order("c-3", "a-4"));
    }

    @Test
    void crateOutsideTipGraphIsIgnored() {
        assertEquals(List.of(), order("unused-5"));
    }

    @Test
    void tipEditRebuildsTipOnly() {
        assertEquals(List.of("app-1"), order("app-1"));
    }

    @Test
    void externKeyStripsPrefixAndExtension() {
        assertEquals(Optional.of("b_mid-1a2b"), CrateGraph.externKey("noprelude:b_mid=/t/deps/libb_mid-1a2b.rmeta"));
        assertEquals(Optional.of("a-4"), CrateGraph.externKey("a=/t/with space/liba-4.rlib"));
        assertEquals(Optional.empty(), CrateGraph.externKey("proc_macro"));
        assertEquals(Optional.empty(), CrateGraph.externKey("x=/t/x.rlib"));
    }

    @Test
    void sharedCrateNameIsAmbiguous() {
        assertEquals(true, GRAPH.ambiguous(GRAPH.tip()));
        assertEquals("app (bin)", GRAPH.tip().displayName(true));
        assertEquals("c", GRAPH.rebuildOrder(Set.of("c-3")).get(0).displayName(false));
    }
}
