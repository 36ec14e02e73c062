package dev.whisker.hotpatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureStoreTest {
    @TempDir
    Path dir;

    private static final String BUILD_JSON = "{\"binary\":\"/t/app\",\"tipKey\":\"app-1a\",\"linkKey\":\"app-1a\","
            + "\"targetTriple\":\"x86_64-unknown-linux-gnu\",\"targetDir\":\"/t\",\"profile\":\"dev\",\"future\":1,"
            + "\"packages\":[{\"name\":\"app\",\"crateName\":\"app\",\"manifestPath\":\"/p/Cargo.toml\","
            + "\"srcRoot\":\"/p/src\",\"key\":\"app-1a\"}]}";

    private void writeCapture(String kind, String key, byte[] argv, byte[] env, String cwd) throws IOException {
        Path sub = Files.createDirectories(dir.resolve(kind));
        Files.write(sub.resolve(key + ".argv"), argv);
        Files.write(sub.resolve(key + ".env"), env);
        Files.writeString(sub.resolve(key + ".cwd"), cwd);
    }

    private static byte[] nul(String... entries) {
        StringBuilder b = new StringBuilder();
        for (String e : entries) {
            b.append(e).append('\0');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void opensBuildJsonAndTipCapture() throws IOException {
        Files.writeString(dir.resolve("build.json"), BUILD_JSON);
        writeCapture("rustc", "app-1a", nul("/bin/rustc", "--crate-name", "app", "a b"),
                nul("PATH=/bin", "X=a=b", "ML=line1\nline2"), "/p");

        CaptureStore store = CaptureStore.open(dir);
        CapturedInvocation tip = store.tipRustc();

        assertEquals(Path.of("/t/app"), store.binary());
        assertEquals("app-1a", store.build().packages().get(0).key());
        assertEquals(List.of("/bin/rustc", "--crate-name", "app", "a b"), tip.argv());
        assertEquals("a=b", tip.env().get("X"));
        assertEquals("line1\nline2", tip.env().get("ML"));
        assertEquals(Path.of("/p"), tip.cwd());
    }

    @Test
    void missingBuildJsonNamesFile() {
        InvalidCaptureException e = assertThrows(InvalidCaptureException.class, () -> CaptureStore.open(dir));
        assertEquals(dir.resolve("build.json"), e.path());
        assertTrue(e.getMessage().contains("full rebuild"), e.getMessage());
    }

    @Test
    void corruptBuildJsonIsRejected() throws IOException {
        Files.writeString(dir.resolve("build.json"), "{\"binary\":");
        InvalidCaptureException e = assertThrows(InvalidCaptureException.class, () -> CaptureStore.open(dir));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void buildJsonWithoutTipKeyIsRejected() throws IOException {
        Files.writeString(dir.resolve("build.json"), "{\"binary\":\"/t/app\",\"linkKey\":\"x\"}");
        InvalidCaptureException e = assertThrows(InvalidCaptureException.class, () -> CaptureStore.open(dir));
        assertTrue(e.getMessage().contains("'tipKey'"), e.getMessage());
    }

    @Test
    void missingArgvFileNamesIt() throws IOException {
        Files.writeString(dir.resolve("build.json"), BUILD_JSON);
        InvalidCaptureException e = assertThrows(InvalidCaptureException.class,
                () -> CaptureStore.open(dir).tipLink());
        assertEquals(dir.resolve("link/app-1a.argv"), e.path());
    }

    @Test
    void truncatedArgvIsRejected() throws IOException {
        writeCapture("rustc", "k", "/bin/rustc\0--crate-na".getBytes(StandardCharsets.UTF_8), nul("A=1"), "/p");
        InvalidCaptureException e = assertThrows(InvalidCaptureException.class,
                () -> CapturedInvocation.read(dir.resolve("rustc"), "k"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void emptyArgvIsRejected() throws IOException {
        writeCapture("rustc", "k", new byte[0], nul("A=1"), "/p");
        InvalidCaptureException e = assertThrows(InvalidCaptureException.class,
                () -> CapturedInvocation.read(dir.resolve("rustc"), "k"));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void envEntryWithoutEqualsIsRejected() throws IOException {
        writeCapture("rustc", "k", nul("/bin/rustc"), nul("A=1", "garbage"), "/p");
        InvalidCaptureException e = assertThrows(InvalidCaptureException.class,
                () -> CapturedInvocation.read(dir.resolve("rustc"), "k"));
        assertTrue(e.getMessage().contains("'garbage'"), e.getMessage());
    }

    @Test
    void relativeCwdIsRejected() throws IOException {
        writeCapture("rustc", "k", nul("/bin/rustc"), nul("A=1"), "relative/dir");
        InvalidCaptureException e = assertThrows(InvalidCaptureException.class,
                () -> CapturedInvocation.read(dir.resolve("rustc"), "k"));
        assertTrue(e.getMessage().contains("not absolute"), e.getMessage());
    }
}
