package dev.whisker.hotpatch;

import dev.whisker.objfile.Symbol;
import dev.whisker.objfile.SymbolCache;
import dev.whisker.objfile.SymbolKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The patch's jump table: every function the patch library defines, mapped from each host copy of the same
 * name to its new static address in the library. LOCAL copies are included, because names of private items
 * repeat and each copy may be called. Stub trampolines are excluded, because mapping a host function to a
 * trampoline that jumps back to it would loop forever. So are the C runtime's start-up and tear-down
 * functions that the compiler driver links into every executable and library, because they belong to
 * each module and are never called through the table.
 *
 * @param map pairs {@code {host static address, patch static address}}, sorted by host address
 * @param added functions the patch defines that the host lacks
 */
public record JumpTable(long[][] map, List<String> added) {

    /** Functions of GCC's crti/crtbegin/crtend objects and the program entry points. */
    private static final Set<String> RUNTIME_FUNCTIONS = Set.of("_init", "_fini", "_start", "main",
            "frame_dummy", "register_tm_clones", "deregister_tm_clones", "__do_global_dtors_aux");

    public JumpTable {
        added = List.copyOf(added);
    }

    /**
     * Builds the table.
     *
     * @param patchSymbols the linked patch library's symbols
     * @param stubNames names the stub object defined
     * @param host the host executable's symbols
     */
    public static JumpTable build(List<Symbol> patchSymbols, Set<String> stubNames, SymbolCache host) {
        List<long[]> pairs = new ArrayList<>();
        Set<String> added = new TreeSet<>();
        Set<Symbol> seen = new HashSet<>();
        for (Symbol symbol : patchSymbols) {
            if (!isPatchFunction(symbol, stubNames) || !seen.add(symbol)) {
                continue;
            }
            boolean mapped = false;
            for (Symbol copy : host.lookup(symbol.name())) {
                if (copy.defined() && copy.kind() == SymbolKind.FUNCTION) {
                    pairs.add(new long[] {copy.address(), symbol.address()});
                    mapped = true;
                }
            }
            if (!mapped) {
                added.add(symbol.name());
            }
        }
        pairs.sort((a, b) -> Long.compareUnsigned(a[0], b[0]));
        return new JumpTable(pairs.toArray(new long[0][]), new ArrayList<>(added));
    }

    private static boolean isPatchFunction(Symbol symbol, Set<String> stubNames) {
        return symbol.defined()
                && symbol.kind() == SymbolKind.FUNCTION
                && !Symbol.ABSOLUTE_SECTION.equals(symbol.section())
                && !symbol.name().isEmpty()
                && !stubNames.contains(symbol.name())
                && !RUNTIME_FUNCTIONS.contains(symbol.name());
    }
}
