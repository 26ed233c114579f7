package io.tributary.cli;

import io.tributary.export.verify.ExportVerifier;
import io.tributary.export.verify.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tributary verify DIR}. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Re-check every exported file against its manifest: checksums, record counts, offset gaps and overlaps. Exit 1 on any problem.")
final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "An export directory (e.g. tributary-data/exports).")
    Path dir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (!Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "not a directory: " + dir);
        }
        VerifyReport report = ExportVerifier.verify(dir);
        spec.commandLine().getOut().print(report.render());
        spec.commandLine().getOut().flush();
        return report.ok() ? 0 : 1;
    }
}
