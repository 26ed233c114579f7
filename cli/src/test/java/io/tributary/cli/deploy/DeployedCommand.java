package io.tributary.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One container of the deployment files as the orchestrator would start it: the {@code tributary} arguments
 * (the image's entrypoint is {@code tributary}) and the environment, with Kubernetes' {@code $(VAR)}
 * references expanded from it. {@code oneShot} commands (the topics Job) run to completion; the others serve
 * {@code /health} until stopped.
 *
 * @param files  the files the container reads from mounted Secrets: path → content
 * @param mounts where volumes are mounted: path in the container → the volume (containers that name the same
 *     volume share it)
 */
record DeployedCommand(String source, List<String> args, Map<String, String> env, Map<String, String> files,
        Map<String, String> mounts, boolean oneShot) {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    /** The containers of a rendered overlay's Job, Deployments and StatefulSets. */
    static List<DeployedCommand> fromKubernetes(String overlay, List<HasMetadata> objects) {
        List<DeployedCommand> commands = new ArrayList<>();
        for (HasMetadata o : objects) {
            PodTemplateSpec template = o instanceof Deployment d ? d.getSpec().getTemplate()
                    : o instanceof StatefulSet s ? s.getSpec().getTemplate()
                    : o instanceof Job j ? j.getSpec().getTemplate() : null;
            if (template == null) {
                continue;
            }
            String pod = o.getMetadata().getName() + "-0";
            Map<String, String> files = secretFiles(objects, template);
            for (Container c : template.getSpec().getContainers()) {
                Map<String, String> env = environment(objects, c, pod);
                Map<String, String> mounts = new LinkedHashMap<>();
                c.getVolumeMounts().forEach(m -> mounts.put(m.getMountPath(), volume(template, m.getName(), pod)));
                commands.add(new DeployedCommand("kubernetes/" + overlay + "/" + o.getMetadata().getName(),
                        expand(c.getArgs(), env), env, files, mounts, o instanceof Job));
            }
        }
        return commands;
    }

    /** The Tributary services of a rendered compose file. */
    static List<DeployedCommand> fromCompose(String file, JsonNode compose) {
        List<DeployedCommand> commands = new ArrayList<>();
        compose.path("services").fields().forEachRemaining(e -> {
            JsonNode s = e.getValue();
            if (s.path("image").asText().startsWith("apache/kafka")) {
                return;
            }
            List<String> args = new ArrayList<>();
            s.path("command").forEach(a -> args.add(a.asText()));
            Map<String, String> env = new LinkedHashMap<>();
            s.path("environment").fields().forEachRemaining(v -> env.put(v.getKey(), v.getValue().asText()));
            Map<String, String> mounts = new LinkedHashMap<>();
            s.path("volumes").forEach(v -> {
                String[] spec = v.asText().split(":");
                mounts.put(spec[1], spec[0]);
            });
            commands.add(new DeployedCommand("compose/" + file + "/" + e.getKey(), args, env, Map.of(), mounts,
                    args.get(0).equals("topics")));
        });
        return commands;
    }

    /** A pod volume's identity: its claim (shared by pods), or the pod's own claim from a template. */
    private static String volume(PodTemplateSpec template, String name, String pod) {
        return template.getSpec().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .map(v -> v.getPersistentVolumeClaim() != null ? v.getPersistentVolumeClaim().getClaimName()
                        : v.getSecret() != null ? "secret-" + v.getSecret().getSecretName() : pod + "-" + name)
                .orElse(pod + "-" + name);
    }

    private static Map<String, String> environment(List<HasMetadata> objects, Container c, String pod) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                env.putAll(DeployFiles.named(objects, ConfigMap.class, from.getConfigMapRef().getName()).getData());
            } else if (from.getSecretRef() != null && !Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                throw new AssertionError(c.getName() + " needs Secret " + from.getSecretRef().getName());
            }
        }
        for (EnvVar v : c.getEnv()) {
            if (v.getValue() != null) {
                env.put(v.getName(), v.getValue());
            } else if (v.getValueFrom().getFieldRef() != null) {
                if (!v.getValueFrom().getFieldRef().getFieldPath().equals("metadata.name")) {
                    throw new AssertionError("unexpected field reference " + v.getValueFrom().getFieldRef());
                }
                env.put(v.getName(), pod);
            } else if (v.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = v.getValueFrom().getConfigMapKeyRef();
                String value = DeployFiles.named(objects, ConfigMap.class, ref.getName()).getData().get(ref.getKey());
                if (value == null) {
                    throw new AssertionError("ConfigMap " + ref.getName() + " has no key " + ref.getKey());
                }
                env.put(v.getName(), value);
            }
        }
        return env;
    }

    /** Files of mounted Secrets; a Secret the overlay does not render (prod creates it) gets a test value. */
    private static Map<String, String> secretFiles(List<HasMetadata> objects, PodTemplateSpec template) {
        Map<String, String> files = new LinkedHashMap<>();
        for (Container c : template.getSpec().getContainers()) {
            c.getVolumeMounts().forEach(m -> template.getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals(m.getName()) && v.getSecret() != null).forEach(v -> {
                        Map<String, String> data = DeployFiles.ofType(objects, Secret.class).stream()
                                .filter(s -> s.getMetadata().getName().equals(v.getSecret().getSecretName()))
                                .findFirst().map(Secret::getData).orElse(Map.of("token",
                                        Base64.getEncoder().encodeToString("test-token-of-the-deploy-commands-it".getBytes(StandardCharsets.UTF_8))));
                        data.forEach((k, b64) -> files.put(m.getMountPath() + "/" + k,
                                new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8)));
                    }));
        }
        return files;
    }

    private static List<String> expand(List<String> args, Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (String arg : args) {
            Matcher m = REFERENCE.matcher(arg);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                String value = env.get(m.group(1));
                if (value == null) {
                    throw new AssertionError("argument " + arg + " refers to an undefined variable " + m.group(1));
                }
                m.appendReplacement(b, Matcher.quoteReplacement(value));
            }
            m.appendTail(b);
            out.add(b.toString());
        }
        return out;
    }

    /** The value of {@code --flag} in the arguments, if given. */
    String flag(String name) {
        int i = args.indexOf(name);
        return i < 0 || i + 1 >= args.size() ? null : args.get(i + 1);
    }

    @Override
    public String toString() {
        return source;
    }
}
