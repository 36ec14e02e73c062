package dev.whisker.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Watches source trees recursively and reports debounced {@link ChangeBatch}es on its own thread.
 *
 * <p>{@link WatchService} watches single directories only, so every directory below a root is
 * registered, and a directory created later is registered when its creation event arrives. Files
 * that were created inside it before the registration took effect are reported as changed, so a
 * {@code mkdir} followed at once by a write is not missed. Ignored paths ({@link IgnoreRules}) are
 * neither registered nor reported. When the kernel queue overflows, every file below the affected
 * root is reported, because any of them may have changed. A directory that vanishes before it is
 * registered is skipped, and one that cannot be read is skipped and reported through
 * {@link WatchListener#pathSkipped}.
 */
public final class SourceWatcher implements AutoCloseable {

    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    private final WatchService service;
    private final Debouncer debouncer;
    private final WatchListener listener;
    /** Written by the watcher thread and by {@link #watchFiles}; read by the watcher thread. */
    private final Map<WatchKey, Registration> registrations = new ConcurrentHashMap<>();
    private final Thread thread;

    /**
     * A watched directory and the root its ignore rules are relative to. {@code onlyFiles} is empty
     * for a recursive registration; otherwise only those files of the directory are reported.
     */
    private record Registration(Path dir, Path root, Optional<Set<Path>> onlyFiles) {
    }

    private SourceWatcher(WatchService service, Duration quietWindow, WatchListener listener) {
        this.service = service;
        this.debouncer = new Debouncer(quietWindow);
        this.listener = listener;
        this.thread = new Thread(this::run, "whisker-watch");
        this.thread.setDaemon(true);
    }

    /**
     * Registers every root and starts the watcher thread.
     *
     * @param roots directories watched recursively, or single files (their directory is watched
     *     and only the named files are reported, unless a root also covers it recursively)
     * @throws WatchPathNotFoundException if a root does not exist
     * @throws IOException if a directory cannot be registered
     */
    public static SourceWatcher start(List<Path> roots, Duration quietWindow, WatchListener listener)
            throws IOException {
        for (Path root : roots) {
            if (!Files.exists(root)) {
                throw new WatchPathNotFoundException(root);
            }
        }
        SourceWatcher watcher = new SourceWatcher(FileSystems.getDefault().newWatchService(), quietWindow, listener);
        try {
            for (Path root : roots) {
                watcher.registerRoot(root.toAbsolutePath().normalize());
            }
        } catch (IOException | RuntimeException e) {
            watcher.service.close();
            throw e;
        }
        watcher.thread.start();
        return watcher;
    }

    /**
     * Adds single files while the watcher runs, for inputs learned after the start (an
     * {@code include_str!} file outside the source roots). A file below a recursive root is already
     * watched; a file that does not exist is skipped.
     *
     * @throws IOException if the directory of a file cannot be registered
     */
    public void watchFiles(Collection<Path> files) throws IOException {
        for (Path file : files) {
            if (Files.isRegularFile(file)) {
                registerRoot(file.toAbsolutePath().normalize());
            }
        }
    }

    private synchronized void registerRoot(Path root) throws IOException {
        if (Files.isDirectory(root)) {
            registerTree(root, root, false);
        } else {
            Path dir = root.getParent();
            WatchKey key = dir.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
            Registration existing = registrations.get(key);
            if (existing != null && existing.onlyFiles().isEmpty()) {
                return;
            }
            Set<Path> files = new HashSet<>(Set.of(root));
            if (existing != null) {
                files.addAll(existing.onlyFiles().get());
            }
            registrations.put(key, new Registration(dir, dir, Optional.of(files)));
        }
    }

    /**
     * Registers {@code dir} and every directory below it that is not ignored, without descending
     * into ignored directories such as a large {@code target}. With {@code reportFiles}, every
     * regular file found is also added to the debouncer as changed.
     */
    private void registerTree(Path dir, Path root, boolean reportFiles) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attributes) throws IOException {
                if (!path.equals(root) && IgnoreRules.isIgnored(root.relativize(path))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                try {
                    WatchKey key = path.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
                    registrations.put(key, new Registration(path, root, Optional.empty()));
                } catch (NoSuchFileException | AccessDeniedException e) {
                    return visitFileFailed(path, e);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path path, IOException error) throws IOException {
                return skipUnreadable(path, error);
            }

            @Override
            public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) {
                if (reportFiles && !IgnoreRules.isIgnored(root.relativize(path))) {
                    debouncer.add(path, System.nanoTime());
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Skips a path that vanished or cannot be read while a tree is registered, and rethrows any
     * other error. A {@code git checkout} creates and deletes directories faster than they can be
     * registered, and one unreadable directory must not end the watching of all others.
     */
    private FileVisitResult skipUnreadable(Path path, IOException error) throws IOException {
        if (error instanceof NoSuchFileException) {
            return FileVisitResult.SKIP_SUBTREE;
        }
        if (error instanceof AccessDeniedException) {
            listener.pathSkipped(path, error);
            return FileVisitResult.SKIP_SUBTREE;
        }
        throw error;
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = nextKey();
                if (key != null) {
                    handleKey(key);
                }
                debouncer.poll(System.nanoTime()).ifPresent(listener::batchReady);
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // close() was called: end quietly.
        } catch (IOException e) {
            listener.watchFailed(e);
        }
    }

    /** Blocks until a key is signalled or the pending batch is due, whichever comes first. */
    private WatchKey nextKey() throws InterruptedException {
        OptionalLong wait = debouncer.nanosUntilDue(System.nanoTime());
        if (wait.isEmpty()) {
            return service.take();
        }
        return service.poll(wait.getAsLong(), TimeUnit.NANOSECONDS);
    }

    private void handleKey(WatchKey key) throws IOException {
        Registration registration = registrations.get(key);
        if (registration == null) {
            key.cancel();
            return;
        }
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW) {
                registerTree(registration.root(), registration.root(), true);
                continue;
            }
            Path path = registration.dir().resolve((Path) event.context());
            handlePath(registration, path, event.kind() == ENTRY_CREATE);
        }
        if (!key.reset()) {
            registrations.remove(key);
        }
    }

    private void handlePath(Registration registration, Path path, boolean created) throws IOException {
        if (registration.onlyFiles().isPresent()) {
            if (registration.onlyFiles().get().contains(path)) {
                debouncer.add(path, System.nanoTime());
            }
            return;
        }
        if (IgnoreRules.isIgnored(registration.root().relativize(path))) {
            return;
        }
        if (created && Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            registerTree(path, registration.root(), true);
            return;
        }
        debouncer.add(path, created, System.nanoTime());
    }

    /** Stops the watcher thread and releases the watch service; no batch is reported afterwards. */
    @Override
    public void close() throws IOException {
        service.close();
        thread.interrupt();
        try {
            thread.join(JOIN_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
