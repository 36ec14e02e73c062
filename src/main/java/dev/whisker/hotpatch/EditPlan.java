package dev.whisker.hotpatch;

import dev.whisker.objfile.ObjectFile;
import dev.whisker.objfile.Section;
import dev.whisker.objfile.Symbol;
import dev.whisker.objfile.SymbolBinding;
import dev.whisker.objfile.SymbolCache;
import dev.whisker.objfile.SymbolKind;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Chooses the statics of a thin object that belong to the host: every non-local data symbol defined in a
 * writable section that the host also defines as data. Undefining them in the object makes the patch use
 * the host's copy through an absolute stub symbol, so their state survives the patch. A static that only
 * the patch defines stays in the patch.
 */
final class EditPlan {
    private EditPlan() {}

    /** Returns the names of {@code object}'s statics that the host owns, sorted. */
    static Set<String> hostOwnedStatics(ObjectFile object, SymbolCache host) {
        Set<String> writable = new HashSet<>();
        for (Section section : object.sections()) {
            if (section.writable() && !section.threadLocal()) {
                writable.add(section.name());
            }
        }
        Set<String> owned = new TreeSet<>();
        for (Symbol symbol : object.symbols()) {
            if (symbol.defined()
                    && symbol.kind() == SymbolKind.OBJECT
                    && symbol.binding() != SymbolBinding.LOCAL
                    && writable.contains(symbol.section())
                    && !symbol.name().startsWith("DW.ref.")
                    && isHostData(host, symbol.name())) {
                owned.add(symbol.name());
            }
        }
        return owned;
    }

    private static boolean isHostData(SymbolCache host, String name) {
        for (Symbol copy : host.lookup(name)) {
            if (copy.defined() && (copy.kind() == SymbolKind.OBJECT || copy.kind() == SymbolKind.UNKNOWN)) {
                return true;
            }
        }
        return false;
    }
}
