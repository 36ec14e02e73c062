package dev.whisker.hotpatch;

import dev.whisker.objfile.ObjectFile;
import dev.whisker.objfile.ObjectFiles;
import dev.whisker.objfile.Symbol;
import dev.whisker.objfile.SymbolBinding;
import dev.whisker.objfile.SymbolKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The symbol view of a set of thin objects linked together into one patch: what they define for each other
 * and what they need from outside.
 *
 * @param objects the object files, in link order
 * @param defined names with a non-LOCAL definition in some object (these satisfy other objects' references)
 * @param undefined names some object references and no object defines non-locally
 * @param definedFunctions names of every function defined in some object, LOCAL ones included
 * @param definedThreadLocals names of every thread-local defined in some object
 */
record PatchObjects(
        List<Path> objects,
        Set<String> defined,
        Set<String> undefined,
        Set<String> definedFunctions,
        Set<String> definedThreadLocals) {

    /**
     * Parses the objects.
     *
     * @throws UncheckedIOException when an object cannot be read
     */
    static PatchObjects read(List<Path> objects) {
        Set<String> defined = new TreeSet<>();
        Set<String> referenced = new TreeSet<>();
        Set<String> functions = new TreeSet<>();
        Set<String> threadLocals = new TreeSet<>();
        for (Path path : objects) {
            for (Symbol symbol : parse(path).symbols()) {
                if (symbol.name().isEmpty() || symbol.kind() == SymbolKind.SECTION || symbol.kind() == SymbolKind.FILE) {
                    continue;
                }
                if (!symbol.defined()) {
                    referenced.add(symbol.name());
                    continue;
                }
                if (symbol.binding() != SymbolBinding.LOCAL) {
                    defined.add(symbol.name());
                }
                if (symbol.kind() == SymbolKind.FUNCTION) {
                    functions.add(symbol.name());
                } else if (symbol.kind() == SymbolKind.TLS) {
                    threadLocals.add(symbol.name());
                }
            }
        }
        referenced.removeAll(defined);
        return new PatchObjects(List.copyOf(objects), defined, referenced, functions, threadLocals);
    }

    /**
     * Returns the view of several object sets linked into one library: a name one set defines satisfies
     * another set's reference to it.
     */
    static PatchObjects merge(List<PatchObjects> parts) {
        List<Path> objects = new ArrayList<>();
        Set<String> defined = new TreeSet<>();
        Set<String> undefined = new TreeSet<>();
        Set<String> functions = new TreeSet<>();
        Set<String> threadLocals = new TreeSet<>();
        for (PatchObjects part : parts) {
            objects.addAll(part.objects());
            defined.addAll(part.defined());
            undefined.addAll(part.undefined());
            functions.addAll(part.definedFunctions());
            threadLocals.addAll(part.definedThreadLocals());
        }
        undefined.removeAll(defined);
        return new PatchObjects(List.copyOf(objects), defined, undefined, functions, threadLocals);
    }

    /**
     * Returns the view after the object edits turned {@code statics} into undefined references: they are
     * no longer defined by the objects and the stub must supply them. Cheaper than parsing every object again.
     */
    PatchObjects withStaticsUndefined(Collection<String> statics) {
        Set<String> newDefined = new TreeSet<>(defined);
        newDefined.removeAll(statics);
        Set<String> newUndefined = new TreeSet<>(undefined);
        newUndefined.addAll(statics);
        return new PatchObjects(objects, newDefined, newUndefined, definedFunctions, definedThreadLocals);
    }

    private static ObjectFile parse(Path path) {
        try {
            return ObjectFiles.read(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to read the thin object " + path, e);
        }
    }
}
