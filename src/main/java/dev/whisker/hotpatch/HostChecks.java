package dev.whisker.hotpatch;

import dev.whisker.objfile.Anchor;
import dev.whisker.objfile.Section;
import dev.whisker.objfile.Symbol;
import dev.whisker.objfile.SymbolCache;
import dev.whisker.objfile.SymbolKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks that decide whether the host, or one change, can be patched at all. */
final class HostChecks {
    private static final int LISTED_NAMES = 5;

    private HostChecks() {}

    /**
     * Returns the host's anchor.
     *
     * @throws HostNotPatchableException when the host has no {@code .symtab} or does not define the anchor
     */
    static Anchor requirePatchable(SymbolCache host, String anchorSymbol) {
        boolean hasSymtab = false;
        for (Section section : host.sections()) {
            hasSymtab |= section.name().equals(".symtab");
        }
        if (!hasSymtab) {
            throw new HostNotPatchableException(host.path(), host.path() + " has no symbol table (it was stripped),"
                    + " so patches cannot be resolved against it. Set strip = \"none\" for the profile used by the"
                    + " dev loop ([profile.dev] in Cargo.toml) and rebuild; until then only full reloads work.");
        }
        Anchor anchor = host.anchor(anchorSymbol);
        if (!anchor.found()) {
            throw new HostNotPatchableException(host.path(), host.path() + " does not define the anchor symbol '"
                    + anchorSymbol + "'. Depend on whisker-dev-client and call whisker_dev_client::start(), or set"
                    + " whisker.anchor=main for an app that uses the subsecond crate; until then only full reloads work.");
        }
        return anchor;
    }

    /**
     * Returns a reason when the patch defines a thread-local the host lacks: the host's static TLS block has
     * no slot for it, so the patch could not link or would read foreign memory.
     */
    static Optional<String> newThreadLocals(PatchObjects objects, SymbolCache host) {
        List<String> added = new ArrayList<>();
        for (String name : objects.definedThreadLocals()) {
            boolean inHost = false;
            for (Symbol copy : host.lookup(name)) {
                inHost |= copy.defined() && copy.kind() == SymbolKind.TLS;
            }
            if (!inHost) {
                added.add(name);
            }
        }
        if (added.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("The change adds a thread_local (" + summarize(added) + ") that the running app has no"
                + " thread-local storage for. Press R for a full rebuild and restart.");
    }

    /** Returns the reason for a full reload when the object edits left thread-local accesses unresolved. */
    static String unresolvedThreadLocals(ObjectEdits edits) {
        if (!edits.missingHostTls().isEmpty()) {
            return "The change uses thread-locals the running app does not have (" + summarize(edits.missingHostTls())
                    + "). Press R for a full rebuild and restart.";
        }
        return "The patch accesses thread-locals in a form the object editor cannot resolve ("
                + summarize(edits.unsupportedTls()) + "). Press R for a full rebuild and restart.";
    }

    /**
     * Returns a reason when the patch needs Rust symbols the host does not contain, for example code of a
     * dependency the fat build never linked. No system library can provide those.
     */
    static Optional<String> missingRustSymbols(StubPlan stubs) {
        List<String> rust = stubs.missing().stream().filter(HostChecks::isRustSymbol).toList();
        if (rust.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("The patch needs " + rust.size() + " symbol(s) the running app does not contain ("
                + summarize(rust) + "). Press R for a full rebuild and restart.");
    }

    /** Warns about C symbols neither the objects nor the host define; the dynamic loader may still find them. */
    static List<String> unresolvedWarnings(StubPlan stubs) {
        List<String> other = stubs.missing().stream().filter(name -> !isRustSymbol(name)).toList();
        if (other.isEmpty()) {
            return List.of();
        }
        return List.of("The patch uses symbols the app does not define or import (" + summarize(other)
                + "); loading fails unless a system library provides them");
    }

    private static boolean isRustSymbol(String name) {
        return name.startsWith("_ZN") || name.startsWith("_R");
    }

    private static String summarize(List<String> names) {
        String shown = String.join(", ", names.subList(0, Math.min(LISTED_NAMES, names.size())));
        return names.size() > LISTED_NAMES ? shown + " and " + (names.size() - LISTED_NAMES) + " more" : shown;
    }
}
