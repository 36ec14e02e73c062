package dev.whisker.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolution of the linker cargo would use without the shims. */
class RealLinkerTest {

    private static final String TRIPLE = "x86_64-unknown-linux-gnu";
    private static final String VARIABLE = "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER";

    @TempDir
    Path temp;

    @Test
    void variableNameFollowsCargo() {
        assertEquals(VARIABLE, RealLinker.linkerVariable(TRIPLE));
        assertEquals("CARGO_TARGET_THUMBV7EM_NONE_EABIHF_LINKER", RealLinker.linkerVariable("thumbv7em-none-eabihf"));
    }

    @Test
    void defaultIsCc() {
        RealLinker linker = RealLinker.resolve(Map.of("CARGO_HOME", temp.resolve("home").toString()), temp, TRIPLE);

        assertEquals(new RealLinker("cc", "default"), linker);
    }

    @Test
    void environmentBeatsConfig() {
        writeConfig(temp.resolve("crate"), "[target.x86_64-unknown-linux-gnu]\nlinker = \"clang\"\n");

        RealLinker linker = RealLinker.resolve(env(VARIABLE, "mold"), temp.resolve("crate"), TRIPLE);

        assertEquals(new RealLinker("mold", VARIABLE), linker);
    }

    @Test
    void deeperConfigWins() {
        writeConfig(temp, "[target.x86_64-unknown-linux-gnu]\nlinker = \"outer\"\n");
        Path inner = writeConfig(temp.resolve("ws/crate"), "target.x86_64-unknown-linux-gnu.linker = 'inner'\n");

        RealLinker linker = RealLinker.resolve(env(), temp.resolve("ws/crate/src"), TRIPLE);

        assertEquals(new RealLinker("inner", inner.toString()), linker);
    }

    @Test
    void cargoHomeConfigUsedLast() {
        Path home = temp.resolve("cargo-home");
        TestCrates.write(home.resolve("config.toml"), "[target]\nx86_64-unknown-linux-gnu = { linker = \"from-home\" }\n");

        RealLinker linker = RealLinker.resolve(env("CARGO_HOME", home.toString()), temp.resolve("crate"), TRIPLE);

        assertEquals("from-home", linker.program());
    }

    @Test
    void relativeConfigPathResolvedAgainstConfigParent() {
        writeConfig(temp.resolve("crate"), "[target.\"x86_64-unknown-linux-gnu\"]\nlinker = \"tools/my-cc\"\n");

        RealLinker linker = RealLinker.resolve(env(), temp.resolve("crate/sub"), TRIPLE);

        assertEquals(temp.resolve("crate/tools/my-cc").toString(), linker.program());
        assertEquals("my-cc", linker.fileName());
    }

    @Test
    void otherTripleIgnored() {
        writeConfig(temp, "[target.aarch64-unknown-linux-gnu]\nlinker = \"aarch64-linux-gnu-gcc\"\n");

        assertEquals("cc", RealLinker.resolve(env(), temp, TRIPLE).program());
    }

    @Test
    void leftoverShimSettingIgnored() {
        RealLinker linker = RealLinker.resolve(env(VARIABLE, "/p/target/whisker/shims/whisker-cc"), temp, TRIPLE);

        assertEquals("cc", linker.program());
    }

    @Test
    void compilerDriverDetectedByName() {
        for (String driver : List.of("cc", "/usr/bin/gcc", "clang", "x86_64-linux-gnu-gcc-12", "mold")) {
            assertEquals(true, new RealLinker(driver, "test").isCompilerDriver(), driver);
        }
        for (String raw : List.of("ld", "/usr/bin/ld.lld-14", "rust-lld", "x86_64-linux-gnu-ld", "lld")) {
            assertEquals(false, new RealLinker(raw, "test").isCompilerDriver(), raw);
        }
    }

    @Test
    void configFilesListedDeepestFirst() {
        Path outer = writeConfig(temp, "");
        Path inner = writeConfig(temp.resolve("a"), "");

        List<Path> files = RealLinker.configFiles(env(), temp.resolve("a/b"));

        assertEquals(List.of(inner, outer), files.subList(0, 2));
    }

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("CARGO_HOME", temp.resolve("empty-cargo-home").toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static Path writeConfig(Path dir, String text) {
        Path file = dir.resolve(".cargo/config.toml");
        TestCrates.write(file, text);
        return file;
    }
}
