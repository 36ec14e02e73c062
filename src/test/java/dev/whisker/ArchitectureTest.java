package dev.whisker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package layers of {@code src/main/java} acyclic by scanning source text:
 * {@code maven -> devloop -> {cargo, watch, server, hotpatch} -> objfile}, with the four middle
 * packages independent of each other, {@code org.apache.maven} only in {@code maven}, and no writes to
 * {@code System.out} or {@code System.err} (the core reports events; the goal logs them).
 */
class ArchitectureTest {

    /** For each package below {@code dev.whisker}, the packages it may reference. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "maven", Set.of("devloop"),
            "devloop", Set.of("cargo", "watch", "server", "hotpatch"),
            "cargo", Set.of("objfile"),
            "watch", Set.of("objfile"),
            "server", Set.of("objfile"),
            "hotpatch", Set.of("objfile"),
            "objfile", Set.of());

    private static final Pattern PACKAGE_LINE = Pattern.compile("^package\\s+dev\\.whisker\\.(\\w+)", Pattern.MULTILINE);
    private static final Pattern PROJECT_REFERENCE = Pattern.compile("\\bdev\\.whisker\\.(\\w+)");
    private static final Pattern MAVEN_REFERENCE = Pattern.compile("\\borg\\.apache\\.maven\\b");
    private static final Pattern CONSOLE_WRITE = Pattern.compile("\\bSystem\\.(out|err)\\b");

    @Test
    void mainSourcesFollowLayers() throws IOException {
        Path root = Path.of("src/main/java");
        assertTrue(Files.isDirectory(root), "run from the project directory; missing " + root.toAbsolutePath());
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path file : (Iterable<Path>) paths.filter(p -> p.toString().endsWith(".java"))::iterator) {
                violations.addAll(violations(root.relativize(file).toString(), Files.readString(file)));
                files++;
            }
        }
        assertTrue(files > 0, "no sources found under " + root);
        assertEquals(List.of(), violations);
    }

    @Test
    void upwardReferenceIsReported() {
        String source = "package dev.whisker.watch;\nimport dev.whisker.devloop.Config;\nclass A {}\n";

        assertEquals(List.of("W.java: package watch references dev.whisker.devloop"), violations("W.java", source));
    }

    @Test
    void siblingReferenceIsReported() {
        String source = "package dev.whisker.cargo;\nclass A { dev.whisker.server.WireCodec codec; }\n";

        assertEquals(List.of("C.java: package cargo references dev.whisker.server"), violations("C.java", source));
    }

    @Test
    void mavenOutsideMavenPackageIsReported() {
        String source = "package dev.whisker.devloop;\nimport org.apache.maven.plugin.logging.Log;\nclass A {}\n";

        assertEquals(List.of("D.java: package devloop references org.apache.maven"), violations("D.java", source));
    }

    @Test
    void consoleWriteIsReported() {
        String source = "package dev.whisker.maven;\nclass A { void f() { System.err.println(1); } }\n";

        assertEquals(List.of("M.java: package maven writes to System.err"), violations("M.java", source));
    }

    @Test
    void allowedReferencesPass() {
        String source = "package dev.whisker.maven;\nimport dev.whisker.devloop.Config;\nimport org.apache.maven.plugin.Mojo;\n";

        assertEquals(List.of(), violations("M.java", source));
    }

    /** Lists every rule the source of {@code file} breaks, one line each. */
    static List<String> violations(String file, String source) {
        List<String> found = new ArrayList<>();
        Matcher packageMatcher = PACKAGE_LINE.matcher(source);
        if (!packageMatcher.find()) {
            return List.of(file + ": not in a dev.whisker.* package");
        }
        String pkg = packageMatcher.group(1);

        Set<String> allowed = ALLOWED.get(pkg);
        if (allowed == null) {
            return List.of(file + ": package " + pkg + " has no layer; add it to ArchitectureTest.ALLOWED");
        }

        String body = source.substring(packageMatcher.end());
        Matcher reference = PROJECT_REFERENCE.matcher(body);
        while (reference.find()) {
            String target = reference.group(1);
            String line = file + ": package " + pkg + " references dev.whisker." + target;
            if (!target.equals(pkg) && !allowed.contains(target) && !found.contains(line)) {
                found.add(line);
            }
        }

        if (!pkg.equals("maven") && MAVEN_REFERENCE.matcher(body).find()) {
            found.add(file + ": package " + pkg + " references org.apache.maven");
        }
        Matcher console = CONSOLE_WRITE.matcher(body);
        while (console.find()) {
            String line = file + ": package " + pkg + " writes to System." + console.group(1);
            if (!found.contains(line)) {
                found.add(line);
            }
        }
        return found;
    }
}
