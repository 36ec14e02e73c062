package dev.whisker.hotpatch;

import dev.whisker.objfile.Symbol;
import dev.whisker.objfile.SymbolBinding;
import dev.whisker.objfile.SymbolCache;
import dev.whisker.objfile.SymbolKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, for every symbol the patch objects reference but do not define, what the stub object supplies:
 * a trampoline to the host function's runtime address, an absolute symbol at the host data's runtime
 * address, or nothing. Runtime address = host static address + slide, where slide = the client's runtime
 * anchor address − the anchor's static address in the host.
 *
 * <p>Nothing is supplied for symbols the host itself imports ({@code memcpy}, {@code _Unwind_Resume}), which
 * the dynamic loader resolves from the C libraries; for thread-locals, whose references the object edits
 * already resolved to the host's TLS offsets; and for linker-defined names ({@code main}, {@code _start},
 * {@code _DYNAMIC}...), which must never be redirected into the host.
 *
 * @param functions trampolines to write, sorted by name
 * @param data absolute symbols to write, sorted by name
 * @param hostImports names the host imports too, left to the dynamic loader
 * @param missing names neither the objects nor the host define
 */
public record StubPlan(List<Stub> functions, List<Stub> data, List<String> hostImports, List<String> missing) {

    /**
     * One symbol of the stub.
     *
     * @param name the symbol name the objects reference
     * @param runtimeAddress where it lives in the running process
     */
    public record Stub(String name, long runtimeAddress) {}

    private static final Set<String> NEVER_STUBBED = Set.of("main", "_start", "__dso_handle",
            "_GLOBAL_OFFSET_TABLE_", "_DYNAMIC", "__ehdr_start", "__init_array_start", "__init_array_end",
            "__fini_array_start", "__fini_array_end", "__preinit_array_start", "__preinit_array_end", "_init", "_fini");

    public StubPlan {
        functions = List.copyOf(functions);
        data = List.copyOf(data);
        hostImports = List.copyOf(hostImports);
        missing = List.copyOf(missing);
    }

    /** Names supplied by the stub; the jump table must not map these. */
    public Set<String> stubNames() {
        Set<String> names = new HashSet<>();
        functions.forEach(s -> names.add(s.name()));
        data.forEach(s -> names.add(s.name()));
        return names;
    }

    /**
     * Plans the stub for one slide.
     *
     * @param undefined names referenced but defined by none of the patch objects
     * @param host the host executable's symbols
     * @param slide runtime anchor address − static anchor address
     */
    public static StubPlan plan(Set<String> undefined, SymbolCache host, long slide) {
        List<Stub> functions = new ArrayList<>();
        List<Stub> data = new ArrayList<>();
        List<String> imports = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : undefined.stream().sorted().toList()) {
            if (NEVER_STUBBED.contains(name)) {
                continue;
            }
            List<Symbol> copies = host.lookup(name);
            Optional<Symbol> definition = preferredDefinition(copies);
            if (definition.isEmpty()) {
                (copies.isEmpty() ? missing : imports).add(name);
                continue;
            }
            Symbol symbol = definition.get();
            long address = Symbol.ABSOLUTE_SECTION.equals(symbol.section()) ? symbol.address() : symbol.address() + slide;
            if (symbol.kind() == SymbolKind.FUNCTION) {
                functions.add(new Stub(name, address));
            } else if (symbol.kind() == SymbolKind.OBJECT || symbol.kind() == SymbolKind.UNKNOWN) {
                data.add(new Stub(name, address));
            }
        }
        return new StubPlan(functions, data, imports, missing);
    }

    /**
     * Picks the host definition a reference binds to. A global or weak copy comes first, because a LOCAL
     * copy of a repeated name may be another crate's private item. Otherwise the first LOCAL copy is used,
     * because the tip crate's own items are LOCAL in the executable.
     */
    private static Optional<Symbol> preferredDefinition(List<Symbol> copies) {
        Symbol firstLocal = null;
        for (Symbol copy : copies) {
            if (!copy.defined() || copy.kind() == SymbolKind.SECTION || copy.kind() == SymbolKind.FILE) {
                continue;
            }
            if (copy.binding() != SymbolBinding.LOCAL) {
                return Optional.of(copy);
            }
            if (firstLocal == null) {
                firstLocal = copy;
            }
        }
        return Optional.ofNullable(firstLocal);
    }
}
