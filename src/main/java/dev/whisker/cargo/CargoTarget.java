package dev.whisker.cargo;

import java.nio.file.Path;
import java.util.List;

/**
 * One target of a package as {@code cargo metadata} lists it.
 *
 * @param name the target name, for a bin the file name of the executable (may contain {@code -})
 * @param kinds cargo's target kinds, such as {@code bin}, {@code lib}, {@code proc-macro} or
 *     {@code custom-build}
 * @param srcPath the absolute path of the crate root source file
 */
public record CargoTarget(String name, List<String> kinds, Path srcPath) {

    public CargoTarget {
        kinds = List.copyOf(kinds);
    }

    /** Returns the name rustc gets as {@code --crate-name}: the target name with {@code -} as {@code _}. */
    public String crateName() {
        return name.replace('-', '_');
    }

    /** Returns whether this target is an executable. */
    public boolean isBin() {
        return kinds.contains("bin");
    }

    /** Returns whether this is a build script. */
    public boolean isBuildScript() {
        return kinds.contains("custom-build");
    }

    /** Returns whether this target builds a shared library ({@code cdylib} or {@code dylib}). */
    public boolean isSharedLibrary() {
        return kinds.contains("cdylib") || kinds.contains("dylib");
    }

    /** Returns whether this target is a library of some kind (lib, rlib, proc-macro...). */
    public boolean isLibrary() {
        return !isBin() && !isBuildScript() && !kinds.contains("test") && !kinds.contains("bench")
                && !kinds.contains("example");
    }
}
