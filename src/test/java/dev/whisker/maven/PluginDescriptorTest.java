package dev.whisker.maven;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Checks the descriptor that maven-plugin-plugin generates before the tests run, because
 * {@code whisker:help} and the user's {@code <configuration>} use the names it lists.
 */
class PluginDescriptorTest {

    private static final Path DESCRIPTOR = Path.of("target/classes/META-INF/maven/plugin.xml");

    @Test
    void packageParameterIsNamedPackage() throws Exception {
        String descriptor = Files.readString(DESCRIPTOR);

        assertTrue(descriptor.contains("<name>package</name>"), "no parameter named package in " + DESCRIPTOR);
        assertTrue(descriptor.contains("<package implementation=\"java.lang.String\">${whisker.package}</package>"),
                "whisker.package does not set package");
        assertFalse(descriptor.contains("packageName"), "the field name packageName leaks into " + DESCRIPTOR);
    }
}
