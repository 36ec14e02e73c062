package dev.whisker.cargo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes {@code build.json} into the capture directory: the binary, the capture keys of the bin
 * crate and of its link, and the local crates, so the patcher can tell which captures belong to the
 * running binary. Paths are absolute strings.
 */
final class BuildJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BuildJson() {
    }

    static void write(BuildResult result) throws CargoException {
        ObjectNode root = JSON.createObjectNode();
        root.put("binary", result.binary().toAbsolutePath().toString());
        root.put("tipKey", result.tipKey());
        root.put("linkKey", result.linkKey());
        root.put("targetTriple", result.targetTriple());
        root.put("targetDir", result.targetDir().toAbsolutePath().toString());
        root.put("profile", result.profile());
        ArrayNode packages = root.putArray("packages");
        for (CapturedPackage pkg : result.packages()) {
            ObjectNode node = packages.addObject();
            node.put("name", pkg.name());
            node.put("crateName", pkg.crateName());
            node.put("manifestPath", pkg.manifestPath().toString());
            node.put("srcRoot", pkg.srcRoot().toString());
            node.put("key", pkg.key());
        }
        Path target = result.buildJson();
        try {
            Path temporary = Files.createTempFile(target.getParent(), ".build-", ".json");
            try {
                JSON.writeValue(temporary.toFile(), root);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new CargoException("Could not write " + target + ": " + e, null, e);
        }
    }
}
