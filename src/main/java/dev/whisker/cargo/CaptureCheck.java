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
 * the keys of the local library crates, and the outputs whose captures are missing.
 *
 * @param missingOutputs files to delete so that cargo recompiles the units without a capture
 */
record CaptureCheck(Path binary, String tipKey, List<CapturedPackage> packages, List<Path> missingOutputs) {

    static CaptureCheck of(List<CargoArtifact> artifacts, CargoProject project, CargoTarget bin, Path captureDir)
            throws CargoException {
        CargoPackage tipPackage = project.selectedPackage();
        CargoArtifact binArtifact = artifacts.stream()
                .filter(a -> a.packageId().equals(tipPackage.id()) && a.isBin() && a.targetName().equals(bin.name()))
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
        if (!hasCapture(captureDir, "rustc", tipKey) || !hasCapture(captureDir, "link", tipKey)) {
            missing.add(binary.getParent().resolve("deps").resolve(tipKey));
            missing.add(binary);
        }
        for (CargoArtifact artifact : artifacts) {
            Optional<CargoPackage> local = project.localPackage(artifact.packageId());
            Optional<String> key = artifact.libraryKey();
            if (local.isEmpty() || !project.isWorkspaceMember(artifact.packageId()) || artifact.isBin()
                    || artifact.isBuildScript() || key.isEmpty()) {
                continue;
            }
            CargoPackage pkg = local.get();
            Path srcRoot = pkg.libraryTarget().map(t -> t.srcPath().getParent()).orElse(pkg.primarySourceRoot());
            packages.add(new CapturedPackage(pkg.name(), artifact.targetName().replace('-', '_'),
                    pkg.manifestPath(), srcRoot, key.get()));
            if (!hasCapture(captureDir, "rustc", key.get())) {
                missing.addAll(artifact.filenames());
            }
        }
        return new CaptureCheck(binary, tipKey, packages, missing);
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
