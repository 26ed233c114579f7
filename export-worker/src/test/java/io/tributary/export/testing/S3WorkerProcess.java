package io.tributary.export.testing;

import io.tributary.export.file.FileExportConfig;
import io.tributary.export.file.WorkerProcess;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a {@link WorkerProcess} exporting to S3 in a child JVM with a 256 MiB heap that exits on
 * {@link OutOfMemoryError}. Its credentials are in {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, found
 * by the SDK's default provider chain; its output is appended to {@code log}.
 */
public final class S3WorkerProcess {
    private S3WorkerProcess() {
    }

    /** Starts the worker with {@code s3Dir} ({@code s3://bucket/prefix}) on {@code endpoint} and more settings. */
    public static Process start(String bootstrap, String s3Dir, URI endpoint, File log, List<String> settings)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), WorkerProcess.class.getName(),
                FileExportConfig.BOOTSTRAP_SERVERS + "=" + bootstrap,
                FileExportConfig.EXPORT_DIR + "=" + s3Dir,
                FileExportConfig.S3_ENDPOINT + "=" + endpoint,
                FileExportConfig.S3_PATH_STYLE + "=true",
                FileExportConfig.S3_REGION + "=" + S3TestServer.REGION));
        command.addAll(settings);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        builder.environment().put("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY);
        return builder.start();
    }
}
