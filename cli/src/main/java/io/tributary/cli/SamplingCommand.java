package io.tributary.cli;

import io.tributary.processor.sampling.SamplingRule;
import io.tributary.processor.sampling.SamplingRulesAdmin;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tributary sampling set|list|delete}: the rules in the compacted sampling.rules topic. */
@Command(name = "sampling", mixinStandardHelpOptions = true,
        description = "Manage sampling rules; a running processor applies changes within seconds.",
        subcommands = {SamplingCommand.Set.class, SamplingCommand.List.class, SamplingCommand.Delete.class})
final class SamplingCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "choose a subcommand: set, list or delete");
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Create or replace a rule.")
    static final class Set implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;
        @Parameters(index = "0", paramLabel = "TARGET",
                description = "type:<event type> (e.g. type:call), category:<category> (e.g. category:usage) or default.")
        String target;
        @Option(names = "--rate", required = true, description = "Share of sessions kept, in [0, 1].")
        double rate;
        @Option(names = "--min-per-window", defaultValue = "0", description = "Events kept per window whatever the rate (default: ${DEFAULT-VALUE}).")
        long minPerWindow;
        @Option(names = "--always-keep", description = "Keep every event this rule matches.")
        boolean alwaysKeep;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            SamplingRule rule;
            try {
                rule = new SamplingRule(target, rate, minPerWindow, alwaysKeep);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            try (SamplingRulesAdmin admin = SamplingRulesAdmin.create(kafka.clientSettings(spec.commandLine()), kafka.topics())) {
                admin.publish(rule);
            }
            spec.commandLine().getOut().println("set " + describe(rule));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Show the rules in force.")
    static final class List implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (SamplingRulesAdmin admin = SamplingRulesAdmin.create(kafka.clientSettings(spec.commandLine()), kafka.topics())) {
                SortedMap<String, SamplingRule> rules = admin.list();
                if (rules.isEmpty()) {
                    spec.commandLine().getOut().println("no rules: the processor's default rule applies");
                }
                rules.values().forEach(rule -> spec.commandLine().getOut().println(describe(rule)));
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Remove a rule.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        KafkaOptions kafka;
        @Parameters(index = "0", paramLabel = "TARGET", description = "The rule's target, as given to set.")
        String target;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            boolean existed;
            try (SamplingRulesAdmin admin = SamplingRulesAdmin.create(kafka.clientSettings(spec.commandLine()), kafka.topics())) {
                existed = admin.list().containsKey(target);
                admin.delete(target);
            }
            spec.commandLine().getOut().println(existed ? "deleted " + target
                    : "no rule for " + target + " (nothing to delete; see 'tributary sampling list')");
            return 0;
        }
    }

    static String describe(SamplingRule rule) {
        return String.format("%-22s rate=%-6s min-per-window=%-5d always-keep=%s", rule.target(), rule.rate(),
                rule.minPerWindow(), rule.alwaysKeep());
    }
}
