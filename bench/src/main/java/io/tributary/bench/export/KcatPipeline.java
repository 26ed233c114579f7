package io.tributary.bench.export;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command-line peer of the file export: {@code kcat -C -b ... -t topic -o beginning -e | zstd -3 > file} in a
 * bash, librdkafka's consumer at its defaults (no group: it assigns every partition and stops at their ends). The
 * clock runs from the start of the shell to the end of {@code zstd}; both programs start in milliseconds. Its CPU
 * is this process's (the broker serving the fetches) plus the children's, as {@code times} reports it.
 */
final class KcatPipeline {
    private static final Pattern DURATION = Pattern.compile("(\\d+)m([\\d.]+)s");

    private KcatPipeline() {
    }

    /** Why the pipeline cannot run here (kcat or zstd not on the {@code PATH}), or empty when it can. */
    static Optional<String> unavailable() {
        for (String program : List.of("kcat", "zstd")) {
            if (!onPath(program)) {
                return Optional.of(program + " is not on the PATH (Debian: apt-get install " + program + ")");
            }
        }
        return Optional.empty();
    }

    /** Runs the pipeline into {@code file}; fails when either program fails. */
    static ExportRun run(String bootstrap, String topic, int count, Path file) throws Exception {
        Files.createDirectories(file.getParent());
        // bash's times builtin prints, on its second line, the user and system CPU of the finished children.
        String script = "set -o pipefail; kcat -C -q -b '" + bootstrap + "' -t '" + topic + "' -o beginning -e"
                + " | zstd -q -3 > '" + file + "' && times";
        long cpuBefore = FileExportBenchmark.processCpuNanos();
        long start = System.nanoTime();
        Process shell = new ProcessBuilder("bash", "-c", script).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String times = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!shell.waitFor(10, TimeUnit.MINUTES) || shell.exitValue() != 0) {
            shell.destroyForcibly();
            throw new IOException("kcat | zstd failed: " + times);
        }
        long end = System.nanoTime();
        double brokerCpu = (FileExportBenchmark.processCpuNanos() - cpuBefore) / 1e9;
        return new ExportRun("kcat | zstd -3", count, (end - start) / 1e9, 0, brokerCpu + childCpuSeconds(times),
                Files.size(file));
    }

    /** The children's user + system seconds from {@code times} output ({@code 0m1.250s 0m0.310s} on line 2). */
    private static double childCpuSeconds(String times) {
        String[] lines = times.strip().split("\\R");
        Matcher m = DURATION.matcher(lines[lines.length - 1]);
        double seconds = 0;
        while (m.find()) {
            seconds += Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2));
        }
        return seconds;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
