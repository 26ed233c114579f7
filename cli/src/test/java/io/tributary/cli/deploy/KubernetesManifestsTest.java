package io.tributary.cli.deploy;

import static io.tributary.cli.deploy.DeployFiles.named;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each Kustomize overlay renders offline and parses into typed Kubernetes objects with no field their types do
 * not know, and the objects say what deploy/README.md promises.
 */
class KubernetesManifestsTest {
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theProcessorIsAStatefulSetWithStateStaticMembershipHonestProbesAndADisruptionBudget(String overlay)
            throws Exception {
        List<HasMetadata> objects = DeployFiles.kubernetes(overlay);
        StatefulSet processor = named(objects, StatefulSet.class, "tributary-processor");
        PodSpec pod = processor.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertThat(c.getArgs()).startsWith("process");
        assertThat(processor.getSpec().getVolumeClaimTemplates()).extracting(pvc -> pvc.getMetadata().getName())
                .containsExactly("state");
        assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath())
                .isEqualTo(env(objects, c).get("TRIBUTARY_STATE_DIR")));
        EnvVar instanceId = c.getEnv().stream().filter(e -> e.getName().equals("TRIBUTARY_GROUP_INSTANCE_ID"))
                .findFirst().orElseThrow();
        assertThat(instanceId.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        // Longer than the processor's clean shutdown (30 s close timeout plus the JVM's own exit).
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(60L);
        PodDisruptionBudget pdb = named(objects, PodDisruptionBudget.class, "tributary-processor");
        assertThat(pdb.getSpec().getSelector().getMatchLabels())
                .isEqualTo(processor.getSpec().getSelector().getMatchLabels());
        assertScraped(processor.getSpec().getTemplate().getMetadata().getAnnotations(), "9401");
    }

    @Test
    void prodRunsThreeProcessorsWithStandbysAndTopicsReplicatedThreeTimes() throws Exception {
        List<HasMetadata> prod = DeployFiles.kubernetes("prod");
        StatefulSet processor = named(prod, StatefulSet.class, "tributary-processor");
        assertThat(processor.getSpec().getReplicas()).isEqualTo(3);
        Map<String, String> env = env(prod, processor.getSpec().getTemplate().getSpec().getContainers().get(0));
        assertThat(env).containsEntry("TRIBUTARY_NUM_STANDBY_REPLICAS", "1")
                .containsEntry("TRIBUTARY_TOPIC_REPLICATION_FACTOR", "3");
        assertThat(named(prod, Deployment.class, "tributary-export-files").getSpec().getReplicas()).isEqualTo(2);
        assertThat(prod).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isIn("tributary", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void fileExportersShareAReadWriteManyVolumeAndTheHttpTokenComesFromASecret(String overlay) throws Exception {
        List<HasMetadata> objects = DeployFiles.kubernetes(overlay);
        Deployment files = named(objects, Deployment.class, "tributary-export-files");
        String claim = files.getSpec().getTemplate().getSpec().getVolumes().get(0).getPersistentVolumeClaim()
                .getClaimName();
        assertThat(named(objects, PersistentVolumeClaim.class, claim).getSpec().getAccessModes())
                .containsExactly("ReadWriteMany");
        assertScraped(files.getSpec().getTemplate().getMetadata().getAnnotations(), "9402");

        Deployment http = named(objects, Deployment.class, "tributary-export-http");
        PodSpec pod = http.getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getSecret().getSecretName())
                .startsWith("tributary-http-token"));
        Container c = pod.getContainers().get(0);
        assertThat(c.getArgs()).contains("--token-file");
        assertThat(env(objects, c)).doesNotContainKeys("TRIBUTARY_HTTP_TOKEN");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theConsoleAsksForATokenFromASecretAndReadsTheExportsReadOnly(String overlay) throws Exception {
        List<HasMetadata> objects = DeployFiles.kubernetes(overlay);
        Deployment console = named(objects, Deployment.class, "tributary-console");
        PodSpec pod = console.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertThat(c.getArgs()).startsWith("console").contains("--token-file", "--metrics-bind", "0.0.0.0");
        assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getSecret().getSecretName())
                .startsWith("tributary-console-token"));
        assertThat(pod.getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null))
                .singleElement().satisfies(v -> {
                    assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("tributary-exports");
                    assertThat(v.getPersistentVolumeClaim().getReadOnly()).isTrue();
                });
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
        assertScraped(console.getSpec().getTemplate().getMetadata().getAnnotations(), "9410");
        var service = named(objects, io.fabric8.kubernetes.api.model.Service.class, "tributary-console");
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPort()).isEqualTo(9410));
        assertThat(service.getSpec().getSelector()).isEqualTo(console.getSpec().getSelector().getMatchLabels());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void aJobCreatesTheTopicsWithThePartitionCountAndReplicationFactorOfTheConfigMap(String overlay)
            throws Exception {
        List<HasMetadata> objects = DeployFiles.kubernetes(overlay);
        Job job = named(objects, Job.class, "tributary-topics");
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getArgs()).startsWith("topics", "create").contains("$(TRIBUTARY_TOPIC_PARTITIONS)",
                "$(TRIBUTARY_TOPIC_REPLICATION_FACTOR)");
        assertThat(env(objects, c)).containsKeys("TRIBUTARY_TOPIC_PARTITIONS", "TRIBUTARY_TOPIC_REPLICATION_FACTOR",
                "TRIBUTARY_BOOTSTRAP_SERVERS");
    }

    @Test
    void aMisspeltFieldIsFound() throws Exception {
        String yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n"
                + "      containers:\n        - name: c\n          readinesProbe: {}\n";
        Deployment misspelt = new YAMLMapper().readValue(yaml, Deployment.class);
        assertThat(UnknownFields.of(misspelt)).containsExactly("spec.template.spec.containers[0].readinesProbe");
    }

    private static void assertScraped(Map<String, String> annotations, String port) {
        assertThat(annotations).containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", port)
                .containsEntry("prometheus.io/path", "/metrics");
    }

    /** The container's environment from its ConfigMaps and literal values (what the pod would see). */
    static Map<String, String> env(List<HasMetadata> objects, Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        c.getEnvFrom().stream().filter(f -> f.getConfigMapRef() != null).forEach(f ->
                env.putAll(named(objects, ConfigMap.class, f.getConfigMapRef().getName()).getData()));
        c.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }
}
