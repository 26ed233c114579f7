package io.tributary.cli;

import io.tributary.console.Access;
import io.tributary.console.Console;
import io.tributary.console.ConsoleRoutes;
import io.tributary.console.ConsoleSettings;
import io.tributary.console.watch.ComponentMetrics;
import io.tributary.export.storage.Storage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tributary console}: the live web console against any cluster. */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = {"Serve the live web console until Ctrl-C: flow per stage, consumer lag, dead letters, "
                + "sampling rules, closed metric windows, sessions, the export ledger and a live tail.",
            "Bound to 127.0.0.1 unless --bind says otherwise; then every request needs the token in "
                + "TRIBUTARY_CONSOLE_TOKEN (as a bearer token, or through the login form)."})
final class ConsoleCommand implements Callable<Integer> {
    static final String TOKEN_ENV = "TRIBUTARY_CONSOLE_TOKEN";

    @Mixin
    KafkaOptions kafka;

    @Option(names = {"--bind", "--metrics-bind"}, paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}); any other than loopback needs a token: "
                    + TOKEN_ENV + " or --token-file.")
    String bind;

    @Option(names = {"--port", "--metrics-port"}, defaultValue = "9410",
            description = "Port of the console, and of its own /metrics, /health and /ready (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "A file holding the token (a mounted Secret, say), instead of " + TOKEN_ENV + ".")
    Path tokenFile;

    @Option(names = "--exports", paramLabel = "DIR|s3://BUCKET/PREFIX",
            description = "Where the file exporter writes: the exports view lists its flushes and verifies it.")
    String exports;

    @Option(names = "--config", paramLabel = "KEY=VALUE",
            description = "An export.s3.* setting for an s3:// --exports, e.g. export.s3.endpoint=http://localhost:9000 (repeatable).")
    Map<String, String> config = new LinkedHashMap<>();

    @Option(names = "--component", paramLabel = "NAME=URL",
            description = "A component's metrics server, e.g. http-exporter=http://10.0.0.7:9403 (repeatable): the "
                    + "console reads its /metrics and /health.")
    Map<String, String> components = new LinkedHashMap<>();

    @Option(names = "--group", paramLabel = "ROLE=GROUP",
            description = "A consumer group other than the default, by role: processor, file, http (repeatable; "
                    + "defaults tributary-stream-processor, tributary-export-files, tributary-export-http).")
    Map<String, String> groups = new LinkedHashMap<>();

    @Option(names = "--history", defaultValue = "15m", converter = DevCommand.DurationConverter.class,
            description = "How far back the console reads the topics when it starts (default: ${DEFAULT-VALUE}).")
    Duration history;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Access access = access(spec.commandLine(), bind, token());
        if (port <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be positive, got " + port);
        }
        Optional<Storage> storage = Optional.ofNullable(exports)
                .map(location -> ExportLocation.open(spec.commandLine(), location, config, false));
        ConsoleSettings settings = new ConsoleSettings(kafka.clientSettings(spec.commandLine()), kafka.topics(),
                groups(), storage, sources(), history);
        try {
            Console console = new Console(settings);
            AtomicReference<MetricsServer> server = new AtomicReference<>();
            ServiceGroup.runUntilSignal(bind, port, registry -> List.of(console), metrics -> {
                metrics.serve(new ConsoleRoutes(console, access));
                server.set(metrics);
            }, () -> spec.commandLine().getOut().println("Console on " + server.get().url()
                            + ConsoleRoutes.BASE + "/ watching " + settings.bootstrapServers()
                            + (access.required() ? " (token required)" : "") + ". Ctrl-C stops it."));
        } finally {
            storage.ifPresent(ExportLocation::close);
        }
        return 0;
    }

    private Optional<String> token() {
        if (tokenFile == null) {
            return Optional.ofNullable(System.getenv(TOKEN_ENV));
        }
        try {
            return Optional.of(Files.readString(tokenFile).strip());
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--token-file: cannot read " + tokenFile
                    + ": " + e.getMessage());
        }
    }

    /** The access a console bound to {@code bind} needs, or a usage error naming the token variable. */
    static Access access(CommandLine commandLine, String bind, Optional<String> token) {
        try {
            return Access.forBind(bind, token);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }

    private Map<String, String> groups() {
        Map<String, String> all = ConsoleSettings.defaultGroups();
        Map<String, String> roles = Map.of("processor", ConsoleSettings.PROCESSOR, "file", ConsoleSettings.FILE_EXPORTER,
                "http", ConsoleSettings.HTTP_EXPORTER);
        groups.forEach((role, group) -> {
            String known = roles.get(role);
            if (known == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--group " + role + "=...: the role must be processor, file or http");
            }
            all.put(known, group);
        });
        return all;
    }

    private List<ComponentMetrics.Source> sources() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<ComponentMetrics.Source> sources = new ArrayList<>();
        components.forEach((name, url) -> {
            URI base;
            try {
                base = URI.create(url.endsWith("/") ? url : url + "/");
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--component " + name + ": " + e.getMessage());
            }
            if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--component " + name + "=" + url + ": give an http:// or https:// URL");
            }
            sources.add(new ComponentMetrics.Source(name, () -> get(http, base.resolve("metrics")),
                    () -> get(http, base.resolve("health"))));
        });
        return sources;
    }

    private static String get(HttpClient http, URI uri) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
