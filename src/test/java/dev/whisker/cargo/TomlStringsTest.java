package dev.whisker.cargo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The minimal TOML reader used for cargo config files. */
class TomlStringsTest {

    @Test
    void tableHeaderAndComments() {
        Map<List<String>, String> values = TomlStrings.read("""
                # comment
                [target.x86_64-unknown-linux-gnu]   # trailing
                linker = "clang"  # the driver
                runner = 'run # not a comment'
                """);

        assertEquals("clang", values.get(List.of("target", "x86_64-unknown-linux-gnu", "linker")));
        assertEquals("run # not a comment", values.get(List.of("target", "x86_64-unknown-linux-gnu", "runner")));
    }

    @Test
    void quotedSegmentKeepsDots() {
        Map<List<String>, String> values = TomlStrings.read("[target.'x86_64-apple-ios13.0-macabi']\nlinker = \"a\"\n");

        assertEquals("a", values.get(List.of("target", "x86_64-apple-ios13.0-macabi", "linker")));
    }

    @Test
    void dottedKeysAndInlineTables() {
        Map<List<String>, String> values = TomlStrings.read("""
                target.t1.linker = "one"
                [target]
                t2 = { linker = "two", runner = "x" }
                t3.linker = "three"
                """);

        assertEquals("one", values.get(List.of("target", "t1", "linker")));
        assertEquals("two", values.get(List.of("target", "t2", "linker")));
        assertEquals("three", values.get(List.of("target", "t3", "linker")));
    }

    @Test
    void escapesDecoded() {
        Map<List<String>, String> values = TomlStrings.read("k = \"a\\\"b\\\\c\\u0041\"\n");

        assertEquals("a\"b\\cA", values.get(List.of("k")));
    }

    @Test
    void multiLineValuesSkipped() {
        Map<List<String>, String> values = TomlStrings.read("""
                [build]
                rustflags = [
                  "-C", "link-arg=-fuse-ld=mold",
                ]
                note = \"""
                [target.fake]
                linker = "inside string"
                \"""
                [[bin]]
                linker = "array table"
                [target.real]
                linker = "real"
                """);

        assertFalse(values.containsKey(List.of("target", "fake", "linker")));
        assertFalse(values.containsKey(List.of("linker")));
        assertEquals("real", values.get(List.of("target", "real", "linker")));
        assertEquals(1, values.size(), values.toString());
    }
}
