package dev.whisker.watch;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The files changed during one quiet window, with their combined kind.
 *
 * @param files absolute paths, sorted, without duplicates
 * @param kind the classification of {@code files}
 */
public record ChangeBatch(Set<Path> files, ChangeKind kind) {

    public ChangeBatch {
        files = Collections.unmodifiableSortedSet(new TreeSet<>(files));
    }

    /** Creates a batch and classifies it. */
    public static ChangeBatch of(Set<Path> files) {
        return new ChangeBatch(files, ChangeKind.of(files));
    }

    /** Returns a batch with the files of both batches, classified again. */
    public ChangeBatch merge(ChangeBatch other) {
        Set<Path> union = new TreeSet<>(files);
        union.addAll(other.files);
        return of(union);
    }
}
