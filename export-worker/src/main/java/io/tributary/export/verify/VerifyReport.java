package io.tributary.export.verify;

import java.util.List;

/**
 * What {@link ExportVerifier} found. {@link #exitCode()} is 0 when there is no problem, 1 otherwise, so a
 * command can exit with it.
 *
 * @param partitions per source partition: the offsets its manifests cover and the records its files hold
 * @param problems everything wrong, empty when the export is sound
 * @param warnings things worth knowing that lose or duplicate nothing (leftovers of an interrupted flush that
 *     the next assignment cleans up)
 * @param manifests manifests read
 * @param files data files checked
 * @param events records counted in the data files
 */
public record VerifyReport(List<PartitionSummary> partitions, List<Problem> problems, List<String> warnings,
        long manifests, long files, long events) {

    public VerifyReport {
        partitions = List.copyOf(partitions);
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    /** True when there is no problem. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /** 0 without problems, 1 with. */
    public int exitCode() {
        return ok() ? 0 : 1;
    }

    /** A human-readable summary, one line per partition and per problem. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%d manifests, %d files, %d records%n", manifests, files, events));
        for (PartitionSummary p : partitions) {
            out.append(String.format("  %s-%d offsets %d..%d in %d flushes, %d records%n", p.topic(), p.partition(),
                    p.firstOffset(), p.lastOffset(), p.manifests(), p.events()));
        }
        for (String w : warnings) {
            out.append("WARNING ").append(w).append(System.lineSeparator());
        }
        for (Problem p : problems) {
            out.append(p.kind()).append(' ').append(p.where()).append(": ").append(p.detail())
                    .append(System.lineSeparator());
        }
        out.append(ok() ? "OK" : problems.size() + " problem(s)").append(System.lineSeparator());
        return out.toString();
    }

    /** The offsets one partition's manifests cover. */
    public record PartitionSummary(String topic, int partition, long firstOffset, long lastOffset, int manifests,
            long events) {
    }

    /** One thing wrong. */
    public record Problem(Kind kind, String where, String detail) {
    }

    /** Kinds of problem. */
    public enum Kind {
        /** A manifest that does not parse or whose name contradicts its content. */
        BAD_MANIFEST,
        /** A listed file that does not exist. */
        MISSING_FILE,
        /** A listed file whose size differs from the manifest. */
        SIZE_MISMATCH,
        /** A listed file whose SHA-256 differs from the manifest. */
        CHECKSUM_MISMATCH,
        /** A listed file that does not decompress or parse in its format. */
        UNREADABLE_FILE,
        /** A file, or a manifest, whose record count differs from what the manifest says. */
        COUNT_MISMATCH,
        /** Offsets of a partition that no manifest covers, between two manifests. */
        GAP,
        /** Offsets of a partition that two manifests cover. */
        OVERLAP,
        /** A data file that no manifest lists (left by an interrupted flush; readers would count it twice). */
        UNLISTED_FILE
    }
}
