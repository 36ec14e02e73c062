package dev.whisker.cargo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Pairs the artifacts of a fat build with their captures: finds the executable, its capture key,
 * the keys of the workspace's library crates, and the outputs whose captures are missing.
 * Artifacts are matched to packages by manifest path, which stays the same when the user edits
 * a package's version while the dev loop runs.
 *
 * @param tipCaptured whether the rustc capture and the link capture of the bin both exist
 * @param packages the bin first, then the library crates whose rustc capture exists
 * @param missingOutputs files to delete so that cargo recompiles the units without a capture
 */
record CaptureCheck(Path binary, String tipKey, String linkKey, boolean tipCaptured, List<CapturedPackage> packages,
        List<Path> missingOutputs) {

    /**
     * @param tip the bin target, or the shared-library target of a package without a bin
     */
    static CaptureCheck of(List<CargoArtifact> artifacts, CargoProject project, CargoTarget tip, Path captureDir)
            throws CargoException {
        CargoPackage tipPackage = project.selectedPackage();
        Path binary = tipOutput(artifacts, tipPackage, tip);
        String linkKey = linkedFileName(binary, tip);
        String tipKey = tip.isBin() ? linkKey : sharedLibraryKey(linkKey);

        List<CapturedPackage> packages = new ArrayList<>();
        List<Path> missing = new ArrayList<>();
        packages.add(new CapturedPackage(tipPackage.name(), tip.crateName(), tipPackage.manifestPath(),
                tip.srcPath().getParent(), tipKey));
        boolean tipCaptured = hasCapture(captureDir, "rustc", tipKey) && hasCapture(captureDir, "link", linkKey);
        if (!tipCaptured) {
            missing.add(binary.getParent().resolve("deps").resolve(linkKey));
            missing.add(binary);
        }
        for (CargoArtifact artifact : artifacts) {
            // The lib of a package that also has a bin usually has the bin's target name. Only the bin
            // artifact is the tip, so the lib is listed and can be patched.
            boolean isTipArtifact = artifact.targetName().equals(tip.name())
                    && artifact.manifestPath().equals(tipPackage.manifestPath())
                    && (!tip.isBin() || artifact.isBin());
            if (isTipArtifact) {
                continue;
            }
            Optional<CapturedPackage> library = capturedLibrary(artifact, project);
            if (library.isEmpty()) {
                continue;
            }
            if (hasCapture(captureDir, "rustc", library.get().key())) {
                packages.add(library.get());
            } else {
                missing.addAll(artifact.filenames());
            }
        }
        return new CaptureCheck(binary, tipKey, linkKey, tipCaptured, packages, missing);
    }

    /** Returns the executable, or the shared library, that cargo reported for the tip target. */
    private static Path tipOutput(List<CargoArtifact> artifacts, CargoPackage tipPackage, CargoTarget tip)
            throws BuildFailedException {
        for (CargoArtifact artifact : artifacts) {
            boolean isTip = artifact.manifestPath().equals(tipPackage.manifestPath())
                    && artifact.targetName().equals(tip.name());
            if (!isTip) {
                continue;
            }
            if (tip.isBin() && artifact.isBin() && artifact.executable().isPresent()) {
                return artifact.executable().get();
            }
            if (!tip.isBin()) {
                Optional<Path> library = artifact.filenames().stream()
                        .filter(file -> isSharedLibraryName(file.getFileName().toString()))
                        .findFirst();
                if (library.isPresent()) {
                    return library.get();
                }
            }
        }
        throw new BuildFailedException("cargo reported no " + (tip.isBin() ? "executable" : "shared library")
                + " for target " + tip.name() + " of " + tipPackage.name());
    }

    /** Returns {@code <crate><extra-filename>} for a link output named {@code lib<crate><extra-filename>.so}. */
    private static String sharedLibraryKey(String fileName) {
        return fileName.substring("lib".length(), fileName.lastIndexOf('.'));
    }

    private static boolean isSharedLibraryName(String fileName) {
        return fileName.endsWith(".so") || fileName.endsWith(".dylib");
    }

    /**
     * Returns the library crate of a workspace member that {@code artifact} reports, or empty for
     * bins, build scripts, crates.io crates and path dependencies outside the workspace (cargo
     * runs the rustc wrapper for workspace members only).
     */
    private static Optional<CapturedPackage> capturedLibrary(CargoArtifact artifact, CargoProject project) {
        Optional<CargoPackage> local = project.localPackageAt(artifact.manifestPath());
        Optional<String> key = artifact.libraryKey();
        if (local.isEmpty() || !project.isWorkspaceMember(local.get().id()) || artifact.isBin()
                || artifact.isBuildScript() || key.isEmpty()) {
            return Optional.empty();
        }
        CargoPackage pkg = local.get();
        Path srcRoot = pkg.libraryTarget().map(t -> t.srcPath().getParent()).orElse(pkg.primarySourceRoot());
        return Optional.of(new CapturedPackage(pkg.name(), artifact.targetName().replace('-', '_'),
                pkg.manifestPath(), srcRoot, key.get()));
    }

    private static boolean hasCapture(Path captureDir, String tool, String key) {
        return Files.isRegularFile(captureDir.resolve(tool).resolve(key + ".argv"));
    }

    /**
     * Returns the name of the file in {@code deps/} that the linker wrote and cargo then
     * hard-linked (or copied) to {@code binary}, which is the link capture key. For a bin it is
     * {@code <crate><extra-filename>}, the same as its rustc capture key.
     */
    private static String linkedFileName(Path binary, CargoTarget tip) throws CargoException {
        Path deps = binary.getParent().resolve("deps");
        List<Path> candidates;
        try (Stream<Path> files = Files.list(deps)) {
            candidates = files.filter(file -> isLinkOutputName(file.getFileName().toString(), tip))
                    .filter(Files::isRegularFile)
                    .toList();
        } catch (IOException e) {
            throw new CargoException("Could not list " + deps + ": " + e, null, e);
        }
        try {
            for (Path candidate : candidates) {
                if (Files.isSameFile(candidate, binary)) {
                    return candidate.getFileName().toString();
                }
            }
            for (Path candidate : candidates) {
                if (Files.mismatch(candidate, binary) == -1L) {
                    return candidate.getFileName().toString();
                }
            }
        } catch (IOException e) {
            throw new CargoException("Could not compare " + binary + " with the files in " + deps + ": " + e, null, e);
        }
        throw new BuildFailedException("found no file in " + deps + " that matches the executable " + binary);
    }

    private static boolean isLinkOutputName(String fileName, CargoTarget tip) {
        String crateName = tip.crateName();
        if (tip.isBin()) {
            return fileName.startsWith(crateName + "-") && fileName.indexOf('.') < 0;
        }
        String stem = fileName.lastIndexOf('.') < 0 ? fileName : fileName.substring(0, fileName.lastIndexOf('.'));
        return isSharedLibraryName(fileName)
                && (stem.equals("lib" + crateName) || stem.startsWith("lib" + crateName + "-"));
    }
}
