package io.tributary.cli;

import io.tributary.schema.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tributary topics create|describe}. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Create or describe Tributary's topics.",
        subcommands = {TopicsCommand.Create.class, TopicsCommand.Describe.class})
final class TopicsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a subcommand: create or describe");
    }

    /** The topics every deployment needs; metrics topics for the given windows. */
    static List<String> names(Topics topics, List<Duration> windows) {
        List<String> names = new ArrayList<>(List.of(topics.raw(), topics.sampled(), topics.dlq(), topics.sessions(),
                topics.samplingRules()));
        windows.forEach(w -> names.add(topics.metrics(w)));
        return names;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create the topics that do not exist yet.")
    static final class Create implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;
        @Option(names = "--partitions", defaultValue = "4", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
        int partitions;
        @Option(names = "--replication-factor", defaultValue = "1", description = "Replication factor (default: ${DEFAULT-VALUE}).")
        short replication;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (Admin admin = Admin.create(kafka.clientSettings(spec.commandLine()))) {
                for (String name : names(kafka.topics(), List.of(Duration.ofMinutes(1)))) {
                    NewTopic topic = new NewTopic(name, partitions, replication);
                    if (name.equals(kafka.topics().samplingRules())) {
                        topic = new NewTopic(name, 1, replication).configs(Map.of("cleanup.policy", "compact"));
                    }
                    try {
                        admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                        spec.commandLine().getOut().println("created " + name);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                        spec.commandLine().getOut().println("exists  " + name);
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Show partitions, replicas and end offsets.")
    static final class Describe implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (Admin admin = Admin.create(kafka.clientSettings(spec.commandLine()))) {
                Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                List<String> ours = existing.stream().filter(n -> n.startsWith(kafka.topicPrefix)).sorted().toList();
                Map<String, TopicDescription> descriptions = admin.describeTopics(ours).allTopicNames()
                        .get(30, TimeUnit.SECONDS);
                for (String name : ours) {
                    TopicDescription d = descriptions.get(name);
                    int replicas = d.partitions().get(0).replicas().size();
                    long records = Offsets.endOffsetSum(admin, name, d.partitions().size());
                    spec.commandLine().getOut().printf("%-40s partitions=%-3d replication=%-2d records=%d%n", name,
                            d.partitions().size(), replicas, records);
                }
                if (ours.isEmpty()) {
                    spec.commandLine().getOut().println("no topics with prefix " + kafka.topicPrefix
                            + " (tributary topics create makes them)");
                }
            }
            return 0;
        }
    }
}
