package dev.whisker.cargo;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * The fat build could not write below the plugin's directory: the disk is full or mounted
 * read-only, a path component is a file, or permissions deny it. The message names the file the
 * operating system rejected and its reason, such as {@code Read-only file system}.
 */
public final class UnwritableDirectoryException extends CargoException {

    private static final long serialVersionUID = 1L;

    private final Path directory;

    /**
     * @param what what was being written, for example {@code the capture shims}
     * @param directory the directory it was written to
     */
    UnwritableDirectoryException(String what, Path directory, IOException cause) {
        super("Could not write " + what + " to " + directory + ": " + describe(cause) + ". Make sure the disk"
                + " holding " + directory + " is writable and has free space", null, cause);
        this.directory = directory;
    }

    /** Returns the directory that could not be written. */
    public Path directory() {
        return directory;
    }

    /** Returns the rejected file and the reason, in the operating system's words where it gave them. */
    private static String describe(IOException error) {
        if (error instanceof FileAlreadyExistsException exists) {
            return exists.getFile() + " exists and is not a directory";
        }
        if (error instanceof FileSystemException fileError && fileError.getReason() != null) {
            return fileError.getFile() + ": " + fileError.getReason();
        }
        return String.valueOf(error.getMessage());
    }
}
