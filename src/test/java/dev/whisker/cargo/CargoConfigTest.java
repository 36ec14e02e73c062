package dev.whisker.cargo;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading of rustflags from config files, cargo's rustflags order, and the linker flavour rule. */
class CargoConfigTest {

    private static final String TRIPLE = "x86_64-unknown-linux-gnu";
    private static final RealLinker CC = new RealLinker("cc", "default");

    @TempDir
    Path temp;

    @Test
    void linkerFlagSpellingsFound() {
        assertEquals("a", CargoConfigFlags.linkerFlag(List.of("-C", "linker=a")));
        assertEquals("b", CargoConfigFlags.linkerFlag(List.of("-Clinker=b")));
        assertEquals("c", CargoConfigFlags.linkerFlag(List.of("--codegen", "linker=c")));
        assertEquals("d", CargoConfigFlags.linkerFlag(List.of("--codegen=linker=d")));
        assertEquals("last", CargoConfigFlags.linkerFlag(List.of("-Clinker=first", "-C", "linker=last")));
    }

    @Test
    void otherCodegenOptionsIgnored() {
        assertNull(CargoConfigFlags.linkerFlag(List.of("-C", "linker-flavor=gcc", "-C", "link-arg=-fuse-ld=lld")));
        assertNull(CargoConfigFlags.linkerFlag(List.of("-C")));
    }

    @Test
    void rustflagsReadFromArraysAndStrings() {
        Map<List<String>, List<String>> flags = CargoConfigFlags.read("""
                [build]
                rustflags = ["-C", "opt-level=1"] # trailing
                [target.'cfg(unix)']
                rustflags = "-C  debuginfo=0"
                [other]
                target.x86_64-unknown-linux-gnu.rustflags = [
                  '-Clinker=x',
                ]
                """);

        assertEquals(List.of("-C", "opt-level=1"), flags.get(List.of("build", "rustflags")));
        assertEquals(List.of("-C", "debuginfo=0"), flags.get(List.of("target", "cfg(unix)", "rustflags")));
        assertEquals(List.of("-Clinker=x"),
                flags.get(List.of("other", "target", "x86_64-unknown-linux-gnu", "rustflags")));
    }

    @Test
    void rustflagsVariableHidesConfigFlags() {
        TestCrates.write(temp.resolve(".cargo/config.toml"), "[build]\nrustflags = [\"-C\", \"linker=gcc\"]\n");

        // cargo ignores build.rustflags when RUSTFLAGS is set, even to an empty value.
        assertDoesNotThrow(() -> CargoConfig.check(env("RUSTFLAGS", ""), temp, TRIPLE, CC));
        assertThrows(UnsupportedBuildConfigException.class, () -> CargoConfig.check(env(), temp, TRIPLE, CC));
    }

    @Test
    void targetFlagsHideBuildFlags() {
        TestCrates.write(temp.resolve(".cargo/config.toml"), """
                [build]
                rustflags = ["-C", "linker=gcc"]
                [target.x86_64-unknown-linux-gnu]
                rustflags = ["-C", "link-arg=-fuse-ld=lld"]
                """);

        assertDoesNotThrow(() -> CargoConfig.check(env(), temp, TRIPLE, CC));
    }

    @Test
    void otherTripleFlagsIgnored() {
        TestCrates.write(temp.resolve(".cargo/config.toml"),
                "[target.aarch64-unknown-linux-gnu]\nlinker = \"ld\"\nrustflags = [\"-Clinker=x\"]\n");

        assertDoesNotThrow(() -> CargoConfig.check(env(), temp, TRIPLE, CC));
    }

    @Test
    void compilerDriversAccepted() {
        for (String driver : List.of("cc", "gcc", "/usr/bin/clang", "x86_64-linux-gnu-gcc-12")) {
            assertDoesNotThrow(() -> CargoConfig.check(env(), temp, TRIPLE, new RealLinker(driver, "test")), driver);
        }
    }

    @Test
    void cargoHomeConfigChecked() {
        Path home = temp.resolve("home");
        TestCrates.write(home.resolve("config.toml"), "[target.'cfg(target_os = \"linux\")']\nlinker = \"gcc\"\n");
        Map<String, String> env = env();
        env.put("CARGO_HOME", home.toString());

        UnsupportedBuildConfigException error = assertThrows(UnsupportedBuildConfigException.class,
                () -> CargoConfig.check(env, temp.resolve("crate"), TRIPLE, CC));

        assertEquals(home.resolve("config.toml").toString(), error.source());
    }

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("CARGO_HOME", temp.resolve("empty-cargo-home").toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }
}
