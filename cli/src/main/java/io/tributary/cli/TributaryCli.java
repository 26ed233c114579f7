package io.tributary.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code tributary} command. Exit codes: 0 success, 1 runtime failure, 2 bad usage. Errors are one line
 * on stderr; {@code --verbose} adds the stack trace.
 */
@Command(name = "tributary",
        mixinStandardHelpOptions = true,
        versionProvider = TributaryCli.Version.class,
        description = "Tributary: an event platform on Apache Kafka.",
        subcommands = {
            DevCommand.class,
            ConsoleCommand.class,
            BrokerCommand.class,
            ProcessCommand.class,
            ExportCommand.class,
            VerifyCommand.class,
            TailCommand.class,
            SamplingCommand.class,
            ProduceCommand.class,
            TopicsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class TributaryCli implements Runnable {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces with errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line and returns the exit code; used by {@link #main} and tests. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new TributaryCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = false; // given before or after the subcommand's name
            for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
                verbose |= r.hasMatchedOption("--verbose");
            }
            commandLine.getErr().println("tributary: error: " + describe(e)
                    + (verbose ? "" : " (--verbose shows the stack trace)"));
            if (verbose) {
                e.printStackTrace(commandLine.getErr());
            }
            return isBadConfig(e) ? 2 : 1;
        });
        cli.setParameterExceptionHandler((e, params) -> {
            CommandLine commandLine = e.getCommandLine();
            commandLine.getErr().println("tributary: " + e.getMessage());
            commandLine.getErr().println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A Kafka client refusing a setting (a bad --kafka-config value, say): bad usage, not a runtime failure. */
    static boolean isBadConfig(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.kafka.common.config.ConfigException) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable e) {
        if (isTimeout(e) && e.getMessage() == null) {
            return "no answer from Kafka in time (" + e.getClass().getSimpleName()
                    + "): check --bootstrap-servers and that the brokers are reachable";
        }
        StringBuilder message = new StringBuilder(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        Throwable cause = e.getCause();
        while (cause != null && cause != e) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(": ").append(cause.getMessage());
            }
            e = cause;
            cause = cause.getCause();
        }
        return message.toString();
    }

    private static boolean isTimeout(Throwable e) {
        return e instanceof java.util.concurrent.TimeoutException
                || e instanceof org.apache.kafka.common.errors.TimeoutException;
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TributaryCli.class.getPackage().getImplementationVersion();
            return new String[] {"tributary " + (version != null ? version : "development build")};
        }
    }
}
