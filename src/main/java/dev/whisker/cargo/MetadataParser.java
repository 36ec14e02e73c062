package dev.whisker.cargo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the output of {@code cargo metadata --format-version 1} (with dependencies). */
final class MetadataParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, CargoPackage> packages = new LinkedHashMap<>();
    private final Map<String, List<String>> linkedDependencies = new HashMap<>();
    private final Map<String, List<String>> normalDependencies = new HashMap<>();
    private final List<String> workspaceMembers = new ArrayList<>();
    private final String rootId;
    private final Path targetDirectory;
    private final Path workspaceRoot;

    MetadataParser(String json) throws CargoMetadataException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CargoMetadataException("cargo metadata printed invalid JSON: " + e.getOriginalMessage(), e);
        }
        int version = root.path("version").asInt(-1);
        if (version != 1) {
            throw new CargoMetadataException("cargo metadata printed format version " + version
                    + ", expected 1", (String) null);
        }
        for (JsonNode pkg : root.path("packages")) {
            CargoPackage parsed = parsePackage(pkg);
            packages.put(parsed.id(), parsed);
        }
        root.path("workspace_members").forEach(member -> workspaceMembers.add(member.asText()));
        JsonNode resolve = root.path("resolve");
        rootId = resolve.path("root").isTextual() ? resolve.path("root").asText() : null;
        for (JsonNode node : resolve.path("nodes")) {
            linkedDependencies.put(node.path("id").asText(), linkedDependencyIds(node));
            normalDependencies.put(node.path("id").asText(), normalDependencyIds(node));
        }
        targetDirectory = Path.of(requiredText(root, "target_directory"));
        workspaceRoot = Path.of(requiredText(root, "workspace_root"));
    }

    Optional<CargoPackage> rootPackage() {
        return Optional.ofNullable(rootId).map(packages::get);
    }

    List<CargoPackage> workspaceMembers() {
        return workspaceMembers.stream().map(packages::get).toList();
    }

    Path targetDirectory() {
        return targetDirectory;
    }

    Path workspaceRoot() {
        return workspaceRoot;
    }

    /**
     * Returns the local packages (null {@code source}) that {@code start} reaches through normal
     * and build dependencies, transitively, in breadth-first order and without {@code start}.
     * Development dependencies are skipped because they are not part of the bin.
     */
    List<CargoPackage> localDependencies(CargoPackage start) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start.id()));
        while (!queue.isEmpty()) {
            String id = queue.removeFirst();
            for (String dependency : linkedDependencies.getOrDefault(id, List.of())) {
                CargoPackage pkg = packages.get(dependency);
                if (pkg != null && pkg.local() && !dependency.equals(start.id()) && seen.add(dependency)) {
                    queue.addLast(dependency);
                }
            }
        }
        return seen.stream().map(packages::get).toList();
    }

    /**
     * Returns the ids of every package that {@code start} reaches through normal dependencies,
     * transitively and without {@code start}: the crates that can end up linked into its binary.
     * Build and development dependencies are skipped. The set covers every platform, because
     * {@code cargo metadata} resolves for all of them.
     */
    Set<String> normalDependencyClosure(CargoPackage start) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start.id()));
        while (!queue.isEmpty()) {
            for (String dependency : normalDependencies.getOrDefault(queue.removeFirst(), List.of())) {
                if (!dependency.equals(start.id()) && seen.add(dependency)) {
                    queue.addLast(dependency);
                }
            }
        }
        return seen;
    }

    private static List<String> normalDependencyIds(JsonNode node) {
        List<String> ids = new ArrayList<>();
        for (JsonNode dep : node.path("deps")) {
            boolean normal = false;
            for (JsonNode kind : dep.path("dep_kinds")) {
                normal |= !kind.path("kind").isTextual();
            }
            if (normal) {
                ids.add(dep.path("pkg").asText());
            }
        }
        return ids;
    }

    private static List<String> linkedDependencyIds(JsonNode node) {
        List<String> ids = new ArrayList<>();
        for (JsonNode dep : node.path("deps")) {
            boolean linked = false;
            for (JsonNode kind : dep.path("dep_kinds")) {
                String value = kind.path("kind").isTextual() ? kind.path("kind").asText() : "normal";
                linked |= !"dev".equals(value);
            }
            if (linked) {
                ids.add(dep.path("pkg").asText());
            }
        }
        return ids;
    }

    private static CargoPackage parsePackage(JsonNode pkg) throws CargoMetadataException {
        List<CargoTarget> targets = new ArrayList<>();
        for (JsonNode target : pkg.path("targets")) {
            List<String> kinds = new ArrayList<>();
            target.path("kind").forEach(kind -> kinds.add(kind.asText()));
            targets.add(new CargoTarget(requiredText(target, "name"), kinds,
                    Path.of(requiredText(target, "src_path"))));
        }
        JsonNode defaultRun = pkg.path("default_run");
        return new CargoPackage(requiredText(pkg, "id"), requiredText(pkg, "name"),
                pkg.path("version").asText(""), Path.of(requiredText(pkg, "manifest_path")),
                pkg.path("source").isNull() || pkg.path("source").isMissingNode(), targets,
                defaultRun.isTextual() ? Optional.of(defaultRun.asText()) : Optional.empty());
    }

    private static String requiredText(JsonNode node, String field) throws CargoMetadataException {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new CargoMetadataException("cargo metadata output lacks the string field `" + field + "`",
                    (String) null);
        }
        return value.asText();
    }
}
