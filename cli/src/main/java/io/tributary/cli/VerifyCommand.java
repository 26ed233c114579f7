package io.tributary.cli;

import io.tributary.export.storage.Storage;
import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code tributary verify DIR} or {@code tributary verify s3://bucket/prefix}; for S3, the {@code export.s3.*}
 * settings (endpoint, region, path style) come from {@code --config} or {@code TRIBUTARY_EXPORT_S3_*}, the
 * credentials from the AWS default provider chain.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Re-check every exported file against its manifest: checksums, record counts, offset gaps and overlaps. Exit 1 on any problem.")
final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR",
            description = "An export directory (e.g. tributary-data/exports) or s3://bucket/prefix.")
    String dir;

    @CommandLine.Option(names = "--config", paramLabel = "KEY=VALUE",
            description = "An export.s3.* setting for an s3:// export, e.g. export.s3.endpoint=http://localhost:9000 (repeatable).")
    Map<String, String> config = new LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Storage storage = ExportLocation.open(spec.commandLine(), dir, config, true);
        VerifyReport report;
        try {
            report = ExportVerifier.verify(storage);
        } finally {
            ExportLocation.close(storage);
        }
        spec.commandLine().getOut().print(report.render());
        spec.commandLine().getOut().flush();
        return report.ok() ? 0 : 1;
    }
}
