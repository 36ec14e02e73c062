package dev.whisker.cargo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A crate as {@code cargo metadata} describes it: the package to build, its bin target, the
 * target directory, and the local path dependencies whose sources the dev loop watches.
 */
public final class CargoProject {

    private static final Duration METADATA_TIMEOUT = Duration.ofMinutes(5);

    private final Path manifestPath;
    private final Path workspaceRoot;
    private final Path targetDirectory;
    private final CargoPackage selectedPackage;
    private final Optional<CargoTarget> binTarget;
    private final List<CargoPackage> pathDependencies;
    private final Set<String> workspaceMemberIds;
    private final Set<String> normalDependencyIds;

    private CargoProject(Path manifestPath, MetadataParser metadata, CargoPackage selectedPackage,
            Optional<CargoTarget> binTarget) {
        this.manifestPath = manifestPath;
        this.workspaceRoot = metadata.workspaceRoot();
        this.targetDirectory = metadata.targetDirectory();
        this.selectedPackage = selectedPackage;
        this.binTarget = binTarget;
        this.pathDependencies = metadata.localDependencies(selectedPackage);
        this.normalDependencyIds = Set.copyOf(metadata.normalDependencyClosure(selectedPackage));
        this.workspaceMemberIds = metadata.workspaceMembers().stream()
                .map(CargoPackage::id)
                .collect(Collectors.toSet());
    }

    /**
     * Reads the crate whose manifest {@link ManifestLocator} finds for {@code basedir}.
     *
     * @param manifestPath the configured {@code manifestPath}, if any
     * @param packageName the configured {@code package}, or empty for the manifest's own package
     * @param binName the configured {@code bin}, or empty for the only bin or {@code default-run}
     * @throws ManifestNotFoundException if there is no manifest
     * @throws CargoMetadataException if cargo rejects the manifest or the package or bin cannot
     *     be chosen
     */
    public static CargoProject load(Toolchain toolchain, Path basedir, Optional<Path> manifestPath,
            Optional<String> packageName, Optional<String> binName) throws CargoException {
        return load(toolchain, basedir, manifestPath, packageName, binName, new ChildProcesses());
    }

    /**
     * Reads the crate like {@link #load(Toolchain, Path, Optional, Optional, Optional)}, with the
     * {@code cargo metadata} process tracked in {@code children}, so that quitting while cargo
     * resolves dependencies also ends it.
     */
    public static CargoProject load(Toolchain toolchain, Path basedir, Optional<Path> manifestPath,
            Optional<String> packageName, Optional<String> binName, ChildProcesses children) throws CargoException {
        Path manifest = ManifestLocator.locate(basedir, manifestPath);
        MetadataParser metadata = new MetadataParser(runMetadata(toolchain, manifest, children));
        CargoPackage selected = selectPackage(metadata, packageName);
        return new CargoProject(manifest, metadata, selected, selectBin(selected, binName));
    }

    /** Returns the absolute path of the manifest that was read. */
    public Path manifestPath() {
        return manifestPath;
    }

    /** Returns the workspace root directory (the package directory for a lone package). */
    public Path workspaceRoot() {
        return workspaceRoot;
    }

    /** Returns cargo's target directory for this workspace, honouring CARGO_TARGET_DIR and config. */
    public Path targetDirectory() {
        return targetDirectory;
    }

    /** Returns the package that is built and launched. */
    public CargoPackage selectedPackage() {
        return selectedPackage;
    }

    /** Returns the bin target to build, empty when the package has none. */
    public Optional<CargoTarget> binTarget() {
        return binTarget;
    }

    /**
     * Returns the bin target to build.
     *
     * @throws CargoMetadataException if the package has no bin target
     */
    public CargoTarget requireBinTarget() throws CargoMetadataException {
        if (binTarget.isEmpty()) {
            throw new CargoMetadataException("crate " + selectedPackage.name() + " has no bin target;"
                    + " set <bin>/-Dwhisker.bin or use <launchCommand>", "bin");
        }
        return binTarget.get();
    }

    /**
     * Returns the target the fat build compiles with capture: the bin target, or, for a package
     * without one, its {@code cdylib} or {@code dylib} library, which a {@code launchCommand}
     * program (such as a JVM that loads it through JNI) runs.
     *
     * @throws CargoMetadataException if the package has neither
     */
    public CargoTarget requireTipTarget() throws CargoMetadataException {
        if (binTarget.isPresent()) {
            return binTarget.get();
        }
        return selectedPackage.libraryTarget().filter(CargoTarget::isSharedLibrary).orElseThrow(() ->
                new CargoMetadataException("crate " + selectedPackage.name() + " has no bin target and no cdylib"
                        + " library; set <bin>/-Dwhisker.bin, or add crate-type = [\"cdylib\"] to its [lib] and"
                        + " start it with <launchCommand>", "bin"));
    }

    /**
     * Returns the local packages the selected package depends on (normal and build
     * dependencies, transitively), without the selected package itself.
     */
    public List<CargoPackage> pathDependencies() {
        return pathDependencies;
    }

    /** Returns the source roots of the selected package followed by those of its path dependencies. */
    public List<Path> sourceRoots() {
        List<Path> roots = new ArrayList<>(selectedPackage.sourceRoots());
        for (CargoPackage dependency : pathDependencies) {
            for (Path root : dependency.sourceRoots()) {
                if (!roots.contains(root)) {
                    roots.add(root);
                }
            }
        }
        return List.copyOf(roots);
    }

    /**
     * Returns the package ids that the selected package reaches through normal dependencies,
     * transitively: every crate that may be linked into its binary, on any platform.
     */
    public Set<String> normalDependencyIds() {
        return normalDependencyIds;
    }

    /**
     * Returns whether the package is a member of the workspace. Cargo runs
     * {@code RUSTC_WORKSPACE_WRAPPER} for members only, so only members have rustc captures. A
     * path dependency outside the workspace root is built without the wrapper.
     */
    public boolean isWorkspaceMember(String packageId) {
        return workspaceMemberIds.contains(packageId);
    }

    /** Returns the selected package or the path dependency with this cargo package id. */
    public Optional<CargoPackage> localPackage(String packageId) {
        if (selectedPackage.id().equals(packageId)) {
            return Optional.of(selectedPackage);
        }
        return pathDependencies.stream().filter(pkg -> pkg.id().equals(packageId)).findFirst();
    }

    /**
     * Returns the selected package or the path dependency with this manifest. Unlike the package
     * id, the manifest path stays the same when the user edits the version in {@code Cargo.toml}.
     */
    public Optional<CargoPackage> localPackageAt(Path manifest) {
        if (selectedPackage.manifestPath().equals(manifest)) {
            return Optional.of(selectedPackage);
        }
        return pathDependencies.stream().filter(pkg -> pkg.manifestPath().equals(manifest)).findFirst();
    }

    private static String runMetadata(Toolchain toolchain, Path manifest, ChildProcesses children)
            throws CargoException {
        List<String> offline = List.of(toolchain.cargo().toString(), "metadata", "--format-version", "1",
                "--offline", "--manifest-path", manifest.toString());
        CommandResult result = CommandResult.run(offline, manifest.getParent(), toolchain.environment(),
                METADATA_TIMEOUT, children);
        if (result.exitCode() != 0 && result.stderr().contains("offline")) {
            // Offline resolution fails when a registry dependency is not in the local cache yet.
            // The online call can fetch it, as the build itself would.
            List<String> online = new ArrayList<>(offline);
            online.remove("--offline");
            result = CommandResult.run(online, manifest.getParent(), toolchain.environment(), METADATA_TIMEOUT,
                    children);
        }
        if (result.exitCode() != 0) {
            throw new CargoMetadataException("cargo could not read " + manifest + ": "
                    + result.stderr().strip(), (String) null);
        }
        return result.stdout();
    }

    private static CargoPackage selectPackage(MetadataParser metadata, Optional<String> packageName)
            throws CargoMetadataException {
        List<CargoPackage> members = metadata.workspaceMembers();
        String memberNames = members.stream().map(CargoPackage::name).collect(Collectors.joining(", "));
        if (packageName.isPresent()) {
            return members.stream().filter(pkg -> pkg.name().equals(packageName.get())).findFirst()
                    .orElseThrow(() -> new CargoMetadataException("package " + packageName.get()
                            + " is not a member of the workspace; members are " + memberNames
                            + ". Set <package>/-Dwhisker.package to one of them.", "package"));
        }
        return metadata.rootPackage().orElseThrow(() -> new CargoMetadataException(
                "the manifest is a virtual workspace; set <package>/-Dwhisker.package to one of its"
                        + " members: " + memberNames, "package"));
    }

    private static Optional<CargoTarget> selectBin(CargoPackage pkg, Optional<String> binName)
            throws CargoMetadataException {
        List<CargoTarget> bins = pkg.binTargets();
        String binNames = bins.stream().map(CargoTarget::name).collect(Collectors.joining(", "));
        if (binName.isPresent()) {
            Optional<CargoTarget> named = bins.stream().filter(bin -> bin.name().equals(binName.get())).findFirst();
            if (named.isEmpty()) {
                throw new CargoMetadataException("crate " + pkg.name() + " has no bin target named "
                        + binName.get() + (bins.isEmpty() ? "; it has no bin targets" : "; its bins are " + binNames)
                        + ". Set <bin>/-Dwhisker.bin to one of them.", "bin");
            }
            return named;
        }
        if (bins.size() <= 1) {
            return bins.stream().findFirst();
        }
        if (pkg.defaultRun().isPresent()) {
            return bins.stream().filter(bin -> bin.name().equals(pkg.defaultRun().get())).findFirst();
        }
        throw new CargoMetadataException("crate " + pkg.name() + " has several bin targets (" + binNames
                + ") and no default-run; set <bin>/-Dwhisker.bin to one of them", "bin");
    }
}
