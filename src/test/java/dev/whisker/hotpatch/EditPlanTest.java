package dev.whisker.hotpatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.whisker.objfile.ObjectFiles;
import dev.whisker.objfile.SymbolCache;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chooses host-owned statics in a real cc-built relocatable against a real host. */
class EditPlanTest {
    @TempDir
    Path dir;

    @Test
    void onlyWritableDataTheHostDefinesIsHostOwned() throws Exception {
        Path host = Cc.build(dir, "host", List.of("-O0"),
                "h.c=int counter = 1;\nint zeroed;\nconst int ro = 2;\nint host_fn(void) { return 0; }\n"
                        + "int main(void) { return counter + zeroed + ro + host_fn(); }\n");
        Path object = Cc.build(dir, "p.o", List.of("-O0", "-c", "-fno-common"),
                "p.c=int counter = 1;\nint zeroed;\nconst int ro = 2;\nint patch_only = 3;\n"
                        + "static int file_local = 4;\nint host_fn(void) { return file_local + patch_only; }\n");

        Set<String> owned = EditPlan.hostOwnedStatics(ObjectFiles.read(object), SymbolCache.load(host));

        assertEquals(Set.of("counter", "zeroed"), owned);
    }
}
