package io.tributary.export.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The claim of one flush start offset on an object store: which writer took it, the complete manifest it
 * publishes, and the pending upload of each data file, so that anyone can finish the flush if its writer dies
 * after claiming. Stored as {@code _manifests/_claims/<topic>+<partition>+<start>.json}.
 *
 * @param writer the claiming writer's id (one per partition assignment)
 * @param manifestJson the manifest's bytes, published unchanged as the flush's manifest
 * @param uploads data file name → pending upload id
 */
record FlushClaim(String writer, byte[] manifestJson, Map<String, String> uploads) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    byte[] toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("writer", writer);
        root.put("manifest", new String(manifestJson, StandardCharsets.UTF_8));
        ObjectNode files = root.putObject("uploads");
        uploads.forEach(files::put);
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("a tree of strings always serialises", e);
        }
    }

    static FlushClaim read(byte[] json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        if (root == null || !root.hasNonNull("writer") || !root.hasNonNull("manifest")) {
            throw new IOException("not a flush claim");
        }
        Map<String, String> uploads = new LinkedHashMap<>();
        root.path("uploads").fields().forEachRemaining(e -> uploads.put(e.getKey(), e.getValue().asText()));
        return new FlushClaim(root.get("writer").asText(),
                root.get("manifest").asText().getBytes(StandardCharsets.UTF_8), uploads);
    }
}
