package dev.whisker.hotpatch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link Patcher}.
 *
 * @param workDir where the patcher keeps rustc's incremental cache, the thin objects, stubs and the patch
 *     libraries; reused across builds of one session so the incremental cache stays warm
 * @param anchorSymbol the C name of the symbol whose runtime address clients send as their
 *     {@code aslr_reference}: {@code whisker_aslr_anchor} for the whisker client, {@code main} for apps
 *     using Dioxus's {@code subsecond} crate
 * @param toolTimeout the longest one rustc or linker run may take before it is killed
 * @param linker which linker links the patch libraries
 */
public record PatcherOptions(Path workDir, String anchorSymbol, Duration toolTimeout, PatchLinker linker) {

    /** The anchor the whisker client defines. */
    public static final String DEFAULT_ANCHOR = "whisker_aslr_anchor";

    /** Enough for a cold thin compile of a large crate on a slow machine; a warm one takes about a second. */
    public static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofMinutes(5);

    /** Choice of the linker for patch libraries. */
    public enum PatchLinker {
        /**
         * The driver of the fat build's link without rustc's self-contained {@code rust-lld}, which is GNU ld
         * on Linux unless the user chose another linker with {@code -fuse-ld}.
         */
        SYSTEM,
        /**
         * Exactly the fat build's linker: rustc's default {@code cc} with rust-lld, GNU ld, or a linker the
         * user configured ({@code linker = ...} or {@code -C link-arg=-fuse-ld=...}). The default, so a patch
         * links with the flags and linker behaviour the host was linked with.
         */
        CAPTURED
    }

    public PatcherOptions {
        Objects.requireNonNull(workDir, "workDir");
        if (anchorSymbol == null || anchorSymbol.isBlank()) {
            throw new IllegalArgumentException("anchorSymbol must name a symbol, for example " + DEFAULT_ANCHOR);
        }
        if (toolTimeout == null || toolTimeout.isNegative() || toolTimeout.isZero()) {
            throw new IllegalArgumentException("toolTimeout must be positive, got " + toolTimeout);
        }
        Objects.requireNonNull(linker, "linker");
    }

    /** Options with the default anchor, timeout and linker. */
    public static PatcherOptions defaults(Path workDir) {
        return new PatcherOptions(workDir, DEFAULT_ANCHOR, DEFAULT_TOOL_TIMEOUT, PatchLinker.CAPTURED);
    }

    public PatcherOptions withAnchor(String symbol) {
        return new PatcherOptions(workDir, symbol, toolTimeout, linker);
    }
}
