package io.tributary.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The files of {@code deploy/} as a user's tools see them: Kustomize overlays rendered by {@code kubectl
 * kustomize} and parsed into typed Kubernetes objects, compose files rendered by {@code docker-compose config}.
 * Both tools run offline; the build machine must have them ({@code .ci/run} installs docker-compose).
 */
final class DeployFiles {
    /** The repository's {@code deploy/} directory (tests run in {@code cli/}). */
    static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    static final List<String> OVERLAYS = List.of("dev", "prod");
    static final List<String> COMPOSE_FILES = List.of("compose.yaml", "compose.scale.yaml");

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "Namespace", Namespace.class, "ConfigMap", ConfigMap.class, "Secret", Secret.class,
            "Service", Service.class, "PersistentVolumeClaim", PersistentVolumeClaim.class,
            "Deployment", Deployment.class, "StatefulSet", StatefulSet.class, "Job", Job.class,
            "PodDisruptionBudget", PodDisruptionBudget.class);
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private DeployFiles() {
    }

    /**
     * Renders an overlay and parses every object into its typed class.
     *
     * @throws AssertionError when an object's kind is not one Tributary uses, or a field is unknown to its type
     */
    static List<HasMetadata> kubernetes(String overlay) throws IOException, InterruptedException {
        String yaml = run(List.of("kubectl", "kustomize", DEPLOY.resolve("kubernetes/overlays/" + overlay).toString()));
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode doc : YAML.readValues(new YAMLFactory().createParser(yaml), JsonNode.class).readAll()) {
            if (doc == null || doc.isNull()) {
                continue;
            }
            String kind = doc.path("kind").asText();
            Class<? extends HasMetadata> type = KINDS.get(kind);
            if (type == null) {
                throw new AssertionError(overlay + ": unexpected kind " + kind);
            }
            HasMetadata object = JSON.treeToValue(doc, type);
            List<String> unknown = UnknownFields.of(object);
            if (!unknown.isEmpty()) {
                throw new AssertionError(overlay + ": " + kind + " " + object.getMetadata().getName()
                        + " has fields its type does not know: " + unknown);
            }
            objects.add(object);
        }
        return objects;
    }

    /** The objects of {@code type} among {@code objects}. */
    static <T extends HasMetadata> List<T> ofType(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The one object of {@code type} named {@code name}. */
    static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> type, String name) {
        return ofType(objects, type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    /** A compose file as {@code docker-compose config} renders it (with every profile), as a tree. */
    static JsonNode compose(String file) throws IOException, InterruptedException {
        return YAML.readTree(run(List.of("docker-compose", "-f", DEPLOY.resolve("compose/" + file).toString(),
                "--profile", "http", "config")));
    }

    /** Runs a tool, returning its standard output; fails with its error output when it exits non-zero. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Path err = Files.createTempFile("deploy-tool", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish in 120 s");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(command + " exited " + p.exitValue() + ": " + Files.readString(err));
            }
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
