package dev.whisker.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads real crates with {@code cargo metadata}. */
class CargoProjectTest {

    private static final String MAIN = "fn main() {}\n";

    @TempDir
    Path temp;

    @Test
    void workspaceListsPathDependencySourceRoot() throws Exception {
        Path crate = temp.resolve("with space/my-app");
        TestCrates.writeAppWithPathDependency(crate);

        CargoProject project = load(crate, Optional.empty(), Optional.empty(), Optional.empty());

        assertEquals("my-app", project.selectedPackage().name());
        assertEquals("my-app", project.binTarget().orElseThrow().name());
        assertEquals("my_app", project.binTarget().orElseThrow().crateName());
        assertEquals(crate.resolve("target"), project.targetDirectory());
        assertEquals(1, project.pathDependencies().size());
        assertEquals("helper-lib", project.pathDependencies().get(0).name());
        assertEquals(List.of(crate.resolve("src"), crate.resolve("libs/helper lib/src")), project.sourceRoots());
    }

    @Test
    void missingManifestListsTriedPaths() {
        ManifestNotFoundException error = assertThrows(ManifestNotFoundException.class,
                () -> ManifestLocator.locate(temp, Optional.empty()));

        assertEquals(List.of(temp.resolve("Cargo.toml"), temp.resolve("src/main/rust/Cargo.toml")), error.triedPaths());
        assertTrue(error.getMessage().contains(temp.resolve("Cargo.toml").toString()), error.getMessage());
        assertTrue(error.getMessage().contains(temp.resolve("src/main/rust/Cargo.toml").toString()), error.getMessage());
        assertTrue(error.getMessage().contains("whisker.manifestPath"), error.getMessage());
        assertTrue(error.getMessage().contains("<manifestPath>"), error.getMessage());
        assertEquals(Optional.of("manifestPath"), error.parameter());
    }

    @Test
    void missingExplicitManifestNamed() {
        ManifestNotFoundException error = assertThrows(ManifestNotFoundException.class,
                () -> ManifestLocator.locate(temp, Optional.of(Path.of("rust/Cargo.toml"))));

        assertEquals(List.of(temp.resolve("rust/Cargo.toml")), error.triedPaths());
    }

    @Test
    void mavenLayoutManifestFound() throws Exception {
        TestCrates.writeBin(temp.resolve("src/main/rust"), "maven-layout", MAIN);

        CargoProject project = load(temp, Optional.empty(), Optional.empty(), Optional.empty());

        assertEquals(temp.resolve("src/main/rust/Cargo.toml"), project.manifestPath());
    }

    @Test
    void cargoMissingFromPathGivesInstallHint() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PATH", temp.toString() + ":/nonexistent");

        ToolNotFoundException error = assertThrows(ToolNotFoundException.class, () -> Toolchain.locate(env));

        assertEquals("cargo", error.tool());
        assertTrue(error.getMessage().startsWith("cargo was not found on PATH"), error.getMessage());
        assertTrue(error.getMessage().contains("rustup"), error.getMessage());
        assertTrue(error.getMessage().contains("apt-get install cargo"), error.getMessage());
    }

    @Test
    void invalidManifestShowsCargoMessage() throws Exception {
        TestCrates.write(temp.resolve("Cargo.toml"), "[package\nname = \"broken\"\n");

        CargoMetadataException error = assertThrows(CargoMetadataException.class,
                () -> load(temp, Optional.empty(), Optional.empty(), Optional.empty()));

        assertTrue(error.getMessage().contains(temp.resolve("Cargo.toml").toString()), error.getMessage());
        assertTrue(error.getMessage().contains("unclosed table"), error.getMessage());
    }

    @Test
    void virtualWorkspaceNamesMembers() throws Exception {
        TestCrates.write(temp.resolve("Cargo.toml"), "[workspace]\nmembers = [\"first\", \"second\"]\nresolver = \"2\"\n");
        TestCrates.writeBin(temp.resolve("first"), "first", MAIN);
        TestCrates.writeBin(temp.resolve("second"), "second", MAIN);

        CargoMetadataException error = assertThrows(CargoMetadataException.class,
                () -> load(temp, Optional.empty(), Optional.empty(), Optional.empty()));

        assertTrue(error.getMessage().contains("first, second"), error.getMessage());
        assertEquals(Optional.of("package"), error.parameter());
        CargoProject chosen = load(temp, Optional.empty(), Optional.of("second"), Optional.empty());
        assertEquals("second", chosen.selectedPackage().name());
    }

    @Test
    void unknownPackageRejected() throws Exception {
        TestCrates.writeBin(temp, "only-one", MAIN);

        CargoMetadataException error = assertThrows(CargoMetadataException.class,
                () -> load(temp, Optional.empty(), Optional.of("other"), Optional.empty()));

        assertTrue(error.getMessage().contains("package other"), error.getMessage());
        assertTrue(error.getMessage().contains("only-one"), error.getMessage());
    }

    @Test
    void libraryCrateHasNoBinTarget() throws Exception {
        TestCrates.write(temp.resolve("Cargo.toml"), "[package]\nname = \"just-lib\"\nversion = \"0.1.0\"\nedition = \"2021\"\n");
        TestCrates.write(temp.resolve("src/lib.rs"), "pub fn f() {}\n");

        CargoProject project = load(temp, Optional.empty(), Optional.empty(), Optional.empty());
        CargoMetadataException error = assertThrows(CargoMetadataException.class, project::requireBinTarget);

        assertFalse(project.binTarget().isPresent());
        assertTrue(error.getMessage().contains("crate just-lib has no bin target; set <bin>/-Dwhisker.bin or use"
                + " <launchCommand>"), error.getMessage());
    }

    @Test
    void severalBinsNeedChoice() throws Exception {
        TestCrates.writeBin(temp, "multi", MAIN);
        TestCrates.write(temp.resolve("src/bin/tool.rs"), MAIN);

        CargoMetadataException error = assertThrows(CargoMetadataException.class,
                () -> load(temp, Optional.empty(), Optional.empty(), Optional.empty()));
        CargoProject chosen = load(temp, Optional.empty(), Optional.empty(), Optional.of("tool"));

        assertTrue(error.getMessage().contains("multi, tool"), error.getMessage());
        assertEquals("tool", chosen.binTarget().orElseThrow().name());
        assertEquals(List.of(temp.resolve("src")), chosen.sourceRoots());
    }

    @Test
    void defaultRunChosen() throws Exception {
        Path manifest = TestCrates.writeBin(temp, "multi", MAIN);
        Files.writeString(manifest, Files.readString(manifest).replace("edition = \"2021\"",
                "edition = \"2021\"\ndefault-run = \"tool\""));
        TestCrates.write(temp.resolve("src/bin/tool.rs"), MAIN);

        CargoProject project = load(temp, Optional.empty(), Optional.empty(), Optional.empty());

        assertEquals("tool", project.binTarget().orElseThrow().name());
    }

    @Test
    void unknownBinRejected() throws Exception {
        TestCrates.writeBin(temp, "single", MAIN);

        CargoMetadataException error = assertThrows(CargoMetadataException.class,
                () -> load(temp, Optional.empty(), Optional.empty(), Optional.of("nope")));

        assertTrue(error.getMessage().contains("no bin target named nope"), error.getMessage());
        assertEquals(Optional.of("bin"), error.parameter());
    }

    private static CargoProject load(Path basedir, Optional<Path> manifest, Optional<String> pkg, Optional<String> bin)
            throws Exception {
        return CargoProject.load(TestCrates.toolchain(), basedir, manifest, pkg, bin);
    }
}
