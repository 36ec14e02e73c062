package dev.whisker.watch;

import java.nio.file.Path;

/**
 * Paths the watcher skips: build output, version-control data and editor temporaries.
 *
 * <p>Editors save atomically by writing a temporary file and renaming it, so a single save produces
 * events for names such as {@code main.rs~}, {@code .#main.rs}, {@code .main.rs.swp} or {@code 4913}
 * (Vim's probe file) next to the real one. Reacting to those would start builds for files cargo never
 * reads.
 */
public final class IgnoreRules {

    private IgnoreRules() {
    }

    /** Returns whether a directory name is never descended into ({@code target} and {@code .git}). */
    public static boolean isIgnoredDirectoryName(String name) {
        return name.equals("target") || name.equals(".git");
    }

    /** Returns whether a file name is an editor temporary. */
    public static boolean isIgnoredFileName(String name) {
        return name.endsWith("~")
                || name.startsWith(".#")
                || name.endsWith(".swp")
                || name.endsWith(".tmp")
                || name.equals("4913");
    }

    /**
     * Returns whether a path below a watched root is ignored: any directory component named
     * {@code target} or {@code .git}, or a last component that is an editor temporary.
     *
     * @param relative the path relative to the watched root
     */
    public static boolean isIgnored(Path relative) {
        int count = relative.getNameCount();
        for (int i = 0; i < count - 1; i++) {
            if (isIgnoredDirectoryName(relative.getName(i).toString())) {
                return true;
            }
        }
        if (count == 0) {
            return false;
        }
        String last = relative.getName(count - 1).toString();
        return isIgnoredDirectoryName(last) || isIgnoredFileName(last);
    }
}
