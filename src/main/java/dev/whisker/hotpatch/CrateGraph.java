package dev.whisker.hotpatch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The captured crates of a fat build (the workspace members listed in {@code build.json}) and which of them
 * depend on which, read from the {@code --extern} arguments of their rustc calls.
 *
 * <p>An edit becomes visible only when every crate from the edited one up to the tip is in the patch,
 * because the host's unchanged code calls the host's old copies directly, and generic or {@code #[inline]}
 * code of the edited crate is compiled into its dependents. A rebuilt library also gets a new crate hash,
 * and rustc rejects any crate compiled against the old one, so {@link #rebuildOrder} returns the edited
 * crates together with everything in the tip's graph that depends on them.
 */
final class CrateGraph {

    /**
     * One captured crate.
     *
     * @param key the capture key, {@code <crate-name><extra-filename>}
     * @param packageName the cargo package the crate belongs to
     * @param library whether the crate is a Rust library (its dependents read its {@code .rmeta})
     * @param rustc the captured rustc call
     * @param dependencies keys of the captured crates this one names with {@code --extern}
     * @param depInfo the dep-info file the fat build's rustc wrote for this crate
     */
    record Crate(String key, String crateName, String packageName, boolean library, CapturedInvocation rustc,
            Set<String> dependencies, Path depInfo) {

        /** Returns the crate's name for messages: its crate name, marked as lib or bin when a package has both. */
        String displayName(boolean ambiguous) {
            if (!ambiguous) {
                return crateName;
            }
            return crateName + (library ? " (lib)" : " (bin)");
        }
    }

    private final Map<String, Crate> crates;
    private final String tipKey;

    /** @param crates every crate by capture key, including {@code tipKey} */
    CrateGraph(Map<String, Crate> crates, String tipKey) {
        if (!crates.containsKey(tipKey)) {
            throw new IllegalArgumentException("the crates do not include the tip " + tipKey);
        }
        this.crates = new LinkedHashMap<>(crates);
        this.tipKey = tipKey;
    }

    /**
     * Reads the rustc capture of the tip and of every package crate in {@code build.json}.
     *
     * @throws InvalidCaptureException when a listed crate's capture is missing or invalid
     */
    static CrateGraph load(CaptureStore captures) {
        BuildInfo build = captures.build();
        Map<String, CapturedInvocation> invocations = new LinkedHashMap<>();
        Map<String, String> packageNames = new LinkedHashMap<>();
        invocations.put(build.tipKey(), captures.tipRustc());
        for (BuildInfo.PackageInfo pkg : build.packages()) {
            if (pkg.key() != null && !pkg.key().isBlank()) {
                invocations.computeIfAbsent(pkg.key(), captures::rustc);
                packageNames.putIfAbsent(pkg.key(), pkg.name());
            }
        }
        Map<String, Crate> crates = new LinkedHashMap<>();
        for (Map.Entry<String, CapturedInvocation> entry : invocations.entrySet()) {
            crates.put(entry.getKey(), crate(entry.getKey(), entry.getValue(), packageNames, invocations.keySet()));
        }
        return new CrateGraph(crates, build.tipKey());
    }

    private static Crate crate(String key, CapturedInvocation rustc, Map<String, String> packageNames, Set<String> keys) {
        List<String> argv = ThinRustcPlan.expandArgfiles(rustc.argv());
        String crateName = value(argv, "--crate-name").orElse(key);
        String crateType = value(argv, "--crate-type").orElse("bin");
        boolean library = crateType.equals("lib") || crateType.equals("rlib");
        Set<String> dependencies = new LinkedHashSet<>();
        for (String extern : values(argv, "--extern")) {
            externKey(extern).filter(keys::contains).ifPresent(dependencies::add);
        }
        Path outDir = value(argv, "--out-dir").map(rustc.cwd()::resolve).orElse(rustc.cwd());
        String packageName = packageNames.getOrDefault(key, rustc.env().getOrDefault("CARGO_PKG_NAME", crateName));
        return new Crate(key, crateName, packageName, library, rustc, dependencies, outDir.resolve(key + ".d"));
    }

    /**
     * Returns the capture key named by an {@code --extern} value such as
     * {@code noprelude:b_mid=/t/deps/libb_mid-1a2b.rmeta}: the file name without {@code lib} and extension.
     */
    static Optional<String> externKey(String extern) {
        int eq = extern.indexOf('=');
        if (eq < 0) {
            return Optional.empty();
        }
        String fileName = Path.of(extern.substring(eq + 1)).getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        if (!fileName.startsWith("lib") || dot <= "lib".length()) {
            return Optional.empty();
        }
        return Optional.of(fileName.substring("lib".length(), dot));
    }

    private static Optional<String> value(List<String> argv, String option) {
        List<String> all = values(argv, option);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Returns every value of {@code option}, in its {@code --opt value} and {@code --opt=value} forms. */
    static List<String> values(List<String> argv, String option) {
        List<String> found = new ArrayList<>();
        for (int i = 1; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.equals(option) && i + 1 < argv.size()) {
                found.add(argv.get(++i));
            } else if (arg.startsWith(option + "=")) {
                found.add(arg.substring(option.length() + 1));
            }
        }
        return found;
    }

    Crate tip() {
        return crates.get(tipKey);
    }

    /** Returns every captured crate, the tip first. */
    List<Crate> crates() {
        return List.copyOf(crates.values());
    }

    /** Returns whether two captured crates share a crate name, as the lib and bin of one package do. */
    boolean ambiguous(Crate crate) {
        return crates.values().stream().filter(c -> c.crateName().equals(crate.crateName())).count() > 1;
    }

    /**
     * Returns the crates to rebuild for edits in {@code edited} (capture keys), in dependency order: every
     * crate of the tip's graph that is edited or depends on an edited crate, directly or through others.
     * Edited crates outside the tip's graph are left out, because the running app does not contain them.
     */
    List<Crate> rebuildOrder(Set<String> edited) {
        List<Crate> order = new ArrayList<>();
        Map<String, Boolean> affected = new LinkedHashMap<>();
        visit(tipKey, edited, affected, order);
        return order;
    }

    /** Depth-first post-order from {@code key}; records whether each crate is affected by an edit. */
    private boolean visit(String key, Set<String> edited, Map<String, Boolean> affected, List<Crate> order) {
        Boolean known = affected.get(key);
        if (known != null) {
            return known;
        }
        affected.put(key, false);
        Crate crate = crates.get(key);
        if (crate == null) {
            return false;
        }
        boolean hit = edited.contains(key);
        for (String dependency : crate.dependencies()) {
            hit |= visit(dependency, edited, affected, order);
        }
        affected.put(key, hit);
        if (hit) {
            order.add(crate);
        }
        return hit;
    }
}
