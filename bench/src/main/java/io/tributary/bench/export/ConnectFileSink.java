package io.tributary.bench.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.converters.ByteArrayConverter;
import org.apache.kafka.connect.file.FileStreamSinkConnector;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.FutureCallback;

/**
 * The peer of the file export: Kafka Connect's {@code FileStreamSink} in a standalone worker
 * ({@code ConnectStandalone}, in this JVM) writing each record value as a line of one plain file, with no
 * compression and no exactly-once. Worker settings are Connect's defaults except the converters (bytes for keys,
 * strings for values, no schemas), a file offset store, an ephemeral REST port and service-loader plugin discovery.
 */
final class ConnectFileSink {
    private ConnectFileSink() {
    }

    /**
     * Runs a new connector named {@code name} on {@code topic} until its file in {@code dir} holds
     * {@code lineBytes} bytes ({@code count} lines); the clock starts once the task's consumer owns all
     * {@code partitions}.
     */
    static ExportRun run(String bootstrap, String topic, int count, int partitions, long lineBytes, Path dir,
                         String name) throws Exception {
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".jsonl");
        Map<String, String> workerProps = Map.of(
                "bootstrap.servers", bootstrap,
                "key.converter", ByteArrayConverter.class.getName(),
                "value.converter", StringConverter.class.getName(),
                "offset.storage.file.filename", dir.resolve(name + ".offsets").toString(),
                "listeners", "http://127.0.0.1:0",
                "plugin.discovery", "service_load");
        Map<String, String> connector = Map.of(
                "name", name,
                "connector.class", FileStreamSinkConnector.class.getName(),
                "tasks.max", "1",
                "topics", topic,
                "file", file.toString());
        // Connect exits the JVM when it cannot start; here that must be an exception, not the end of the harness.
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Connect exited with " + status + ": " + message);
        });
        long begin = System.nanoTime();
        Connect<StandaloneHerder> connect = new ConnectStandalone().startConnect(workerProps);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            FutureCallback<Herder.Created<ConnectorInfo>> created = new FutureCallback<>();
            connect.herder().putConnectorConfig(name, connector, false, created);
            created.get(60, TimeUnit.SECONDS);
            FileExportBenchmark.waitUntil(() -> assigned(admin, "connect-" + name) >= partitions);
            long start = System.nanoTime();
            long cpuBefore = FileExportBenchmark.processCpuNanos();
            FileExportBenchmark.waitUntil(() -> Files.exists(file) && Files.size(file) >= lineBytes);
            long end = System.nanoTime();
            return new ExportRun("Kafka Connect FileStreamSink", count, (end - start) / 1e9, (start - begin) / 1e9,
                    (FileExportBenchmark.processCpuNanos() - cpuBefore) / 1e9, Files.size(file));
        } finally {
            connect.stop();
            Exit.resetExitProcedure();
        }
    }

    private static int assigned(Admin admin, String group) throws Exception {
        ConsumerGroupDescription description = admin.describeConsumerGroups(java.util.List.of(group)).all()
                .get(10, TimeUnit.SECONDS).get(group);
        int partitions = 0;
        for (MemberDescription member : description.members()) {
            partitions += member.assignment().topicPartitions().size();
        }
        return partitions;
    }
}
