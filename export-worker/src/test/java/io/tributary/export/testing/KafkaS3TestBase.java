package io.tributary.export.testing;

import io.tributary.export.file.FileExportConfig;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Integration tests against one embedded broker and one in-JVM S3 server, both shared by a class's tests. */
public abstract class KafkaS3TestBase extends KafkaTestBase {
    protected static S3TestServer s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3TestServer.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (s3 != null) {
            s3.close();
        }
    }

    /** Creates {@code <prefix>events.sampled} with {@code partitions} and its dead-letter topic; returns the first. */
    protected static String createTopics(String prefix, int partitions) {
        String topic = prefix + "events.sampled";
        kafka.createTopic(topic, partitions, (short) 1);
        kafka.createTopic(prefix + "events.dlq", 1, (short) 1);
        return topic;
    }

    /** Worker settings: this broker, topic prefix {@code prefix}, group {@code <prefix>export}, {@code s3://bucket/exports}. */
    protected static Map<String, Object> workerSettings(String prefix, String bucket) {
        Map<String, Object> s = S3TestServer.exportSettings(bucket, "exports", s3.endpoint());
        s.put(FileExportConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
        s.put(FileExportConfig.TOPIC_PREFIX, prefix);
        s.put(FileExportConfig.GROUP_ID, prefix + "export");
        return s;
    }
}
