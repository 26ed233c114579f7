package io.tributary.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.console.watch.ExportLedger;
import io.tributary.export.verify.VerifyReport;

/**
 * The exports view: the ledger of file flushes from the manifests, the last {@code verify} result, and each
 * exporter's own counters (for HTTP: responses by status, retries, dead letters, paused partitions and why).
 */
final class ExportsApi {
    /** Flushes sent at once. */
    static final int FLUSHES_SHOWN = 200;
    /** Problems of a verify run sent at once. */
    static final int PROBLEMS_SHOWN = 100;

    private final Console console;
    private final ObjectMapper json;

    ExportsApi(Console console, ObjectMapper json) {
        this.console = console;
        this.json = json;
    }

    ObjectNode view() {
        ObjectNode root = json.createObjectNode();
        root.set("exporters", json.valueToTree(console.components().exporters()));
        console.ledger().ifPresentOrElse(ledger -> {
            ObjectNode files = root.putObject("files");
            files.put("location", ledger.location());
            files.put("flushes", ledger.flushes());
            files.put("events", ledger.events());
            files.put("bytes", ledger.bytes());
            files.put("problem", ledger.problem());
            ArrayNode flushes = files.putArray("latest");
            ledger.latest().stream().limit(FLUSHES_SHOWN).forEach(f -> flushes.addObject()
                    .put("exportedAt", f.exportedAt().toString())
                    .put("topic", f.topic())
                    .put("partition", f.partition())
                    .put("startOffset", f.startOffset())
                    .put("endOffset", f.endOffset())
                    .put("events", f.events())
                    .put("bytes", f.bytes())
                    .put("files", f.files())
                    .put("format", f.format())
                    .put("compression", f.compression()));
            files.set("verify", verify(ledger.lastVerify()));
        }, () -> root.putNull("files"));
        return root;
    }

    /** Starts a verify run of the export (unless one runs) and returns its state. */
    ObjectNode verifyNow() {
        ExportLedger ledger = console.ledger().orElseThrow(
                () -> new IllegalStateException("this console was not told where the files are (--exports)"));
        return verify(ledger.verifyNow());
    }

    private ObjectNode verify(ExportLedger.VerifyRun run) {
        ObjectNode node = json.createObjectNode();
        if (run == null) {
            node.put("state", "never");
            return node;
        }
        node.put("started", run.started().toString());
        if (run.running()) {
            node.put("state", "running");
            return node;
        }
        node.put("finished", run.finished().toString());
        if (run.error() != null) {
            node.put("state", "failed");
            node.put("error", run.error());
            return node;
        }
        VerifyReport report = run.report();
        node.put("state", report.ok() ? "ok" : "problems");
        node.put("manifests", report.manifests());
        node.put("files", report.files());
        node.put("events", report.events());
        ArrayNode problems = node.putArray("problems");
        report.problems().stream().limit(PROBLEMS_SHOWN).forEach(p -> problems.add(p.kind() + " " + p.where()
                + ": " + p.detail()));
        node.put("problemCount", report.problems().size());
        ArrayNode warnings = node.putArray("warnings");
        report.warnings().stream().limit(PROBLEMS_SHOWN).forEach(warnings::add);
        return node;
    }
}
