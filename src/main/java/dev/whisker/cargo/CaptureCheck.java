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
record CaptureCheck(Path binary, String tipKey, boolean tipCaptured, List<CapturedPackage> packages,
        List<Path> missingOutputs) {

    static CaptureCheck of(List<CargoArtifact> artifacts, CargoProject project, CargoTarget bin, Path captureDir)
            throws CargoException {
        CargoPackage tipPackage = project.selectedPackage();
        CargoArtifact binArtifact = artifacts.stream()
                .filter(a -> a.manifestPath().equals(tipPackage.manifestPath()) && a.isBin()
                        && a.targetName().equals(bin.name()))
                .filter(a -> a.executable().isPresent())
                .findFirst()
                .orElseThrow(() -> new BuildFailedException("cargo reported no executable for bin " + bin.name()
                        + " of " + tipPackage.name()));
        Path binary = binArtifact.executable().get();
        String tipKey = linkedFileName(binary, bin.crateName());

        List<CapturedPackage> packages = new ArrayList<>();
        List<Path> missing = new ArrayList<>();
        packages.add(new CapturedPackage(tipPackage.name(), bin.crateName(), tipPackage.manifestPath(),
                bin.srcPath().getParent(), tipKey));
        boolean tipCaptured = hasCapture(captureDir, "rustc", tipKey) && hasCapture(captureDir, "link", tipKey);
        if (!tipCaptured) {
            missing.add(binary.getParent().resolve("deps").resolve(tipKey));
            missing.add(binary);
        }
        for (CargoArtifact artifact : artifacts) {
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
        return new CaptureCheck(binary, tipKey, tipCaptured, packages, missing);
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
     * hard-linked (or copied) to {@code binary}: {@code <crate><extra-filename>}, which is both
     * the rustc capture key and the link capture key of the bin.
     */
    private static String linkedFileName(Path binary, String crateName) throws CargoException {
        Path deps = binary.getParent().resolve("deps");
        List<Path> candidates;
        try (Stream<Path> files = Files.list(deps)) {
            candidates = files.filter(file -> isLinkOutputName(file.getFileName().toString(), crateName))
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

    private static boolean isLinkOutputName(String fileName, String crateName) {
        return fileName.startsWith(crateName + "-") && fileName.indexOf('.') < 0;
    }
}
