package dev.whisker.hotpatch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The linker call that turns the stub object and the thin objects into a patch library, derived from the
 * captured link of the host executable so that the same C runtime libraries and search paths are used.
 *
 * <p>Dropped from the captured call: every input ({@code *.o}, {@code *.rlib}, {@code *.a}), because the
 * host already contains them and the stub reaches them; {@code -o}; {@code -pie}, {@code -no-pie},
 * {@code -static}, {@code -static-pie}, which contradict {@code -shared}; {@code --gc-sections}, which
 * would drop patch functions nothing in the library calls; {@code -Bstatic} and the whole-archive
 * switches, which only applied to the dropped archives; version scripts; {@code -L} paths that no longer
 * exist (rustc's temporary {@code raw-dylibs} directory). Added: {@code -shared -Wl,-Bsymbolic
 * -Wl,-z,notext} (the large code model needs text relocations), the stub first, the objects, the output.
 *
 * @param argv the full argv, argv[0] is the linker driver
 * @param cwd the captured working directory
 * @param env the captured environment
 */
public record LinkPlan(List<String> argv, Path cwd, Map<String, String> env) {

    private static final Pattern INPUT = Pattern.compile(".*\\.(o|rlib|a)$");
    private static final Pattern RUSTC_TEMP = Pattern.compile(".*/rustc[A-Za-z0-9]{6}(/.*)?$");
    private static final List<String> DROPPED = List.of(
            "-pie", "-no-pie", "-static", "-static-pie", "-Wl,--gc-sections", "-Wl,-Bstatic",
            "-Wl,--whole-archive", "-Wl,--no-whole-archive");

    public LinkPlan {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /**
     * Rewrites the host's captured link into a patch link.
     *
     * @param captured the link that produced the host; {@code @file} arguments must point at the shim's copies
     * @param useSystemLinker drop rustc's self-contained {@code rust-lld} ({@code -fuse-ld=lld} and
     *     {@code -B<sysroot>/gcc-ld}) so the driver's default linker (GNU ld) links the patch; rust-lld rejects
     *     the large code model's absolute {@code .eh_frame} pointers in a shared object unless they are edited
     * @param stub the stub object, linked first
     * @param objects the edited thin objects
     * @param output the patch library to write; its name must be new for every patch
     * @throws InvalidCaptureException when a captured response file is missing
     */
    public static LinkPlan of(
            CapturedInvocation captured, boolean useSystemLinker, Path stub, List<Path> objects, Path output) {
        List<String> capturedArgv = captured.argv();
        String configured = captured.env().getOrDefault("WHISKER_REAL_LINKER", "");
        boolean hasProgram = startsWithProgram(capturedArgv, configured);
        String driver;
        if (hasProgram && !isShim(capturedArgv.get(0))) {
            driver = capturedArgv.get(0);
        } else {
            driver = configured.isEmpty() ? "cc" : configured;
        }
        List<String> args = ResponseFiles.expand(capturedArgv.subList(hasProgram ? 1 : 0, capturedArgv.size()));

        List<String> out = new ArrayList<>();
        out.add(driver);
        out.addAll(keptArguments(args, captured.cwd(), useSystemLinker));
        out.addAll(List.of("-shared", "-Wl,-Bsymbolic", "-Wl,-z,notext"));
        out.add(stub.toString());
        for (Path object : objects) {
            out.add(object.toString());
        }
        out.add("-o");
        out.add(output.toString());
        return new LinkPlan(out, captured.cwd(), captured.env());
    }

    /**
     * Returns the linker that the driver of {@link #argv} runs: the value of the last {@code -fuse-ld=}
     * (compiler drivers use the last one), reduced to its file name, or {@code "default"} when there is
     * none, which is GNU ld for the gcc and clang drivers on Linux. {@code rust-lld} and {@code ld.lld}
     * both give {@code "lld"}.
     */
    public String linkerName() {
        String linker = "default";
        for (String arg : argv.subList(1, argv.size())) {
            if (arg.startsWith("-fuse-ld=")) {
                linker = arg.substring("-fuse-ld=".length());
            }
        }
        String name = linker.substring(linker.lastIndexOf('/') + 1);
        return name.endsWith("lld") || name.startsWith("ld.lld") ? "lld" : name;
    }

    /**
     * Returns whether the objects need pc-relative {@code .eh_frame} pointers for this link. rust-lld and
     * ld.lld reject the large code model's absolute personality and LSDA pointers in a shared object; GNU
     * ld (bfd) and gold accept them. Other linkers, such as mold, get the edit too, because pc-relative
     * pointers are valid for every linker.
     */
    public boolean needsPcRelativeEhFrame() {
        String linker = linkerName();
        return !(linker.equals("default") || linker.equals("bfd") || linker.equals("gold"));
    }

    /**
     * Tells whether argv[0] is a program (the real driver, as the shims record it, or the shim itself)
     * rather than the first linker flag. rustc always starts the linker arguments with a flag or an input.
     */
    private static boolean startsWithProgram(List<String> argv, String configured) {
        if (argv.isEmpty()) {
            return false;
        }
        String first = argv.get(0);
        return first.equals(configured) || isShim(first)
                || (!first.startsWith("-") && !first.startsWith("@") && !INPUT.matcher(first).matches());
    }

    private static boolean isShim(String program) {
        return program.substring(program.lastIndexOf('/') + 1).equals("whisker-cc");
    }

    /** Returns the linker arguments (program excluded) that stay in the patch link. */
    static List<String> keptArguments(List<String> args, Path cwd, boolean useSystemLinker) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String next = i + 1 < args.size() ? args.get(i + 1) : null;
            if (arg.equals("-o") || (arg.equals("-L") && next != null && isStaleDirectory(cwd, next))) {
                i++;
            } else if (!isDropped(arg, cwd, useSystemLinker)) {
                kept.add(arg);
            }
        }
        return kept;
    }

    private static boolean isDropped(String arg, Path cwd, boolean useSystemLinker) {
        if (DROPPED.contains(arg) || (arg.startsWith("-o") && arg.length() > 2)) {
            return true;
        }
        if (arg.startsWith("-Wl,--version-script") || arg.startsWith("-Wl,--retain-symbols-file")) {
            return true;
        }
        if (!arg.startsWith("-") && INPUT.matcher(arg).matches()) {
            return true;
        }
        if (arg.startsWith("-L") && arg.length() > 2 && isStaleDirectory(cwd, arg.substring(2))) {
            return true;
        }
        return useSystemLinker && (arg.equals("-fuse-ld=lld") || (arg.startsWith("-B") && arg.endsWith("/gcc-ld")));
    }

    /** rustc's temporary directories are deleted after the fat link, and a missing -L path is useless. */
    private static boolean isStaleDirectory(Path cwd, String dir) {
        return RUSTC_TEMP.matcher(dir).matches() || !Files.isDirectory(cwd.resolve(dir));
    }
}
