package dev.whisker.hotpatch;

import dev.whisker.cargo.BuildLayout;
import dev.whisker.cargo.BuildOptions;
import dev.whisker.cargo.BuildResult;
import dev.whisker.cargo.CargoEvent;
import dev.whisker.cargo.CargoProject;
import dev.whisker.cargo.ChildProcesses;
import dev.whisker.cargo.FatBuild;
import dev.whisker.cargo.Toolchain;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test fixture: a Cargo workspace copied from {@code src/test/resources/hotpatch/<name>} and fat-built with
 * the cargo package's real {@link FatBuild}, so its {@code build.json} lists every workspace crate the way
 * the dev loop's does. {@code @CLIENT_DIR@} in a manifest is replaced by the repository's client crate.
 */
final class WorkspaceApp {
    final Path workspace;
    final Path captureDir;
    final BuildResult build;

    private WorkspaceApp(Path workspace, Path captureDir, BuildResult build) {
        this.workspace = workspace;
        this.captureDir = captureDir;
        this.build = build;
    }

    /**
     * Copies the resource files {@code files} of workspace {@code name} into {@code workspace} and fat-builds
     * the package whose manifest is {@code appDir/Cargo.toml}.
     *
     * @param targetDir the Maven-style target directory the fat build writes under
     */
    static WorkspaceApp build(String name, List<String> files, Path workspace, String appDir, Path targetDir)
            throws Exception {
        return build(name, files, Map.of(), workspace, appDir, targetDir);
    }

    /** Like {@link #build(String, List, Path, String, Path)}, and also writes {@code extraFiles} (path to text). */
    static WorkspaceApp build(String name, List<String> files, Map<String, String> extraFiles, Path workspace,
            String appDir, Path targetDir) throws Exception {
        Path client = Path.of("client").toAbsolutePath();
        for (String file : files) {
            Path target = workspace.resolve(file);
            Files.createDirectories(target.getParent());
            try (InputStream in = WorkspaceApp.class.getResourceAsStream("/hotpatch/" + name + "/" + file)) {
                if (in == null) {
                    throw new IOException("resource /hotpatch/" + name + "/" + file + " not found");
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                Files.writeString(target, text.replace("@CLIENT_DIR@", client.toString()));
            }
        }
        for (Map.Entry<String, String> extra : extraFiles.entrySet()) {
            Path target = workspace.resolve(extra.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, extra.getValue());
        }
        Toolchain toolchain = Toolchain.locate(Map.copyOf(System.getenv()));
        Path appRoot = workspace.resolve(appDir);
        CargoProject project = CargoProject.load(toolchain, appRoot, Optional.empty(), Optional.empty(), Optional.empty());
        BuildLayout layout = BuildLayout.under(targetDir);
        List<CargoEvent> events = new ArrayList<>();
        BuildResult result;
        try (ChildProcesses children = new ChildProcesses()) {
            result = new FatBuild(toolchain, project, layout, BuildOptions.defaults(), children, events::add).run();
        }
        return new WorkspaceApp(workspace, layout.captureDir(), result);
    }

    CaptureStore captures() {
        return CaptureStore.open(captureDir);
    }

    /** Replaces {@code from} by {@code to} in a workspace file; fails when {@code from} is absent. */
    Path edit(String file, String from, String to) throws IOException {
        Path path = workspace.resolve(file);
        String text = Files.readString(path);
        if (!text.contains(from)) {
            throw new IllegalStateException(file + " does not contain '" + from + "'");
        }
        Files.writeString(path, text.replace(from, to));
        return path;
    }
}
