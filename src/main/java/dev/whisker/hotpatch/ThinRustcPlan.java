package dev.whisker.hotpatch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The rustc call that compiles one crate of a patch: the crate's captured call, rewritten so that rustc emits
 * relocatable objects that can reach the host's statics from a library loaded anywhere in memory.
 *
 * <p>The crate type, {@code -C metadata} and {@code -C extra-filename} are kept, because they decide every
 * mangled name and the patch's names must equal the host's. Cargo's output, diagnostics format,
 * incremental directory, linker and codegen settings are replaced:
 * <ul>
 *   <li>{@code -C relocation-model=static -C code-model=large}: a bin crate's own statics are otherwise
 *       reached with 32-bit RIP-relative displacements, which cannot span the distance from a
 *       {@code dlopen}ed library to the executable.</li>
 *   <li>{@code -C link-dead-code}: keeps every function, so the jump table can map each one.</li>
 *   <li>{@code -C opt-level=0 -C debuginfo=line-tables-only}: patches favour compile time.</li>
 *   <li>a stable {@code -C incremental} directory of our own and {@code -C codegen-units=16}: repeated
 *       patch builds reuse rustc's incremental cache and its parallel code generation.</li>
 *   <li>{@code --emit=obj,dep-info --out-dir <dir>} (plus {@code metadata} for a library): the caller
 *       clears {@code dir} before each build, because the object file names change between rustc
 *       sessions.</li>
 * </ul>
 *
 * @param argv the full argv, argv[0] is the rustc executable
 * @param cwd the captured working directory
 * @param env the captured environment without {@code CARGO_MAKEFLAGS}
 * @param objectDir the directory rustc writes the {@code .o} files into
 */
public record ThinRustcPlan(List<String> argv, Path cwd, Map<String, String> env, Path objectDir) {

    /** {@code -C} options whose captured values are replaced. */
    private static final Set<String> REPLACED_CODEGEN_OPTIONS = Set.of(
            "incremental", "linker", "codegen-units", "opt-level", "debuginfo", "relocation-model",
            "code-model", "link-dead-code", "lto", "embed-bitcode");

    /** Options taking a value (joined by '=' or as the next argument) that are dropped. */
    private static final Set<String> DROPPED_VALUE_OPTIONS = Set.of("--emit", "--out-dir", "-o", "--json", "--color");

    /** {@code --error-format=json} would hide rustc's rendered diagnostics, which are shown to the user. */
    private static final String ERROR_FORMAT = "--error-format";

    public ThinRustcPlan {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /**
     * Rewrites a captured rustc call of a bin crate into the thin patch compile, against the fat build's
     * dependencies.
     *
     * @param captured the tip crate's captured rustc call (argv[0] is rustc)
     * @param incrementalDir rustc's incremental cache for patches, the same on every call of a session
     * @param objectDir where the objects are written; must be emptied before each run
     * @throws InvalidCaptureException when an argfile of the capture is missing
     */
    public static ThinRustcPlan of(CapturedInvocation captured, Path incrementalDir, Path objectDir) {
        return forCrate(captured, incrementalDir, objectDir, false, Map.of());
    }

    /**
     * Rewrites a captured rustc call into the thin compile of one crate of a patch.
     *
     * <p>A library also writes its {@code .rmeta} ({@code lib<crate><extra-filename>.rmeta} in
     * {@code outDir}), which its rebuilt dependents compile against: each {@code --extern} that names a
     * rebuilt crate is pointed at the new {@code .rmeta}, and the directories of the new files are searched
     * first ({@code -L dependency=}), so rustc also finds the new copies of crates named only indirectly.
     * Every crate also writes its dep-info ({@code <crate><extra-filename>.d}), which lists its input files.
     *
     * @param library whether the crate is a Rust library, so its metadata is emitted
     * @param rebuilt the new {@code .rmeta} of every crate rebuilt earlier in this patch, by capture key
     * @throws InvalidCaptureException when an argfile of the capture is missing
     */
    static ThinRustcPlan forCrate(CapturedInvocation captured, Path incrementalDir, Path outDir, boolean library,
            Map<String, Path> rebuilt) {
        List<String> kept = keptArguments(expandArgfiles(captured.argv()));
        List<String> out = new ArrayList<>();
        out.add(kept.get(0));
        for (Path dir : new LinkedHashSet<>(rebuilt.values().stream().map(Path::getParent).toList())) {
            out.add("-L");
            out.add("dependency=" + dir);
        }
        out.addAll(redirectExterns(kept.subList(1, kept.size()), rebuilt));
        out.addAll(List.of(
                "-C", "link-dead-code",
                "-C", "relocation-model=static",
                "-C", "code-model=large",
                "-C", "opt-level=0",
                "-C", "debuginfo=line-tables-only",
                "-C", "embed-bitcode=no",
                "-C", "incremental=" + incrementalDir,
                "-C", "codegen-units=16",
                "--color=never",
                library ? "--emit=obj,dep-info,metadata" : "--emit=obj,dep-info",
                "--out-dir", outDir.toString()));
        Map<String, String> env = new LinkedHashMap<>(captured.env());
        env.remove("CARGO_MAKEFLAGS");
        return new ThinRustcPlan(out, captured.cwd(), env, outDir);
    }

    /** Points every {@code --extern} value that names a rebuilt crate at that crate's new {@code .rmeta}. */
    private static List<String> redirectExterns(List<String> args, Map<String, Path> rebuilt) {
        List<String> out = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--extern") && i + 1 < args.size()) {
                out.add(arg);
                out.add(redirectExtern(args.get(++i), rebuilt));
            } else if (arg.startsWith("--extern=")) {
                out.add("--extern=" + redirectExtern(arg.substring("--extern=".length()), rebuilt));
            } else {
                out.add(arg);
            }
        }
        return out;
    }

    private static String redirectExtern(String value, Map<String, Path> rebuilt) {
        Optional<String> key = CrateGraph.externKey(value);
        if (key.isEmpty() || !rebuilt.containsKey(key.get())) {
            return value;
        }
        return value.substring(0, value.indexOf('=') + 1) + rebuilt.get(key.get());
    }

    /**
     * Replaces each {@code @path} argument (after argv[0]) by the lines of that file. Cargo passes long
     * command lines to rustc in such an argfile, one argument per line, and the options to replace may be
     * inside it. The capture shim records the path of its own copy, because cargo deletes the original.
     *
     * @throws InvalidCaptureException when an argfile is missing or unreadable
     */
    static List<String> expandArgfiles(List<String> argv) {
        List<String> expanded = new ArrayList<>();
        expanded.add(argv.get(0));
        for (String arg : argv.subList(1, argv.size())) {
            if (arg.length() > 1 && arg.startsWith("@")) {
                expanded.addAll(readArgfile(Path.of(arg.substring(1))));
            } else {
                expanded.add(arg);
            }
        }
        return expanded;
    }

    private static List<String> readArgfile(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        } catch (IOException e) {
            throw new InvalidCaptureException(file, "Captured rustc argfile cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Returns the captured arguments (argv[0] included) minus the ones the thin compile replaces. */
    static List<String> keptArguments(List<String> argv) {
        List<String> kept = new ArrayList<>();
        kept.add(argv.get(0));
        for (int i = 1; i < argv.size(); i++) {
            String arg = argv.get(i);
            String next = i + 1 < argv.size() ? argv.get(i + 1) : null;
            if ((arg.equals("-C") || arg.equals("--codegen")) && next != null) {
                if (!isReplacedCodegen(next)) {
                    kept.add(arg);
                    kept.add(next);
                }
                i++;
            } else if (arg.startsWith("-C") && arg.length() > 2) {
                if (!isReplacedCodegen(arg.substring(2))) {
                    kept.add(arg);
                }
            } else if (arg.startsWith("--codegen=")) {
                if (!isReplacedCodegen(arg.substring("--codegen=".length()))) {
                    kept.add(arg);
                }
            } else if (DROPPED_VALUE_OPTIONS.contains(arg) || arg.equals(ERROR_FORMAT)) {
                i++;
            } else if (!isDroppedJoined(arg)) {
                kept.add(arg);
            }
        }
        return kept;
    }

    private static boolean isReplacedCodegen(String option) {
        int eq = option.indexOf('=');
        String name = eq < 0 ? option : option.substring(0, eq);
        return REPLACED_CODEGEN_OPTIONS.contains(name);
    }

    private static boolean isDroppedJoined(String arg) {
        int eq = arg.indexOf('=');
        if (eq < 0) {
            return false;
        }
        String name = arg.substring(0, eq);
        return DROPPED_VALUE_OPTIONS.contains(name) || name.equals(ERROR_FORMAT);
    }
}
