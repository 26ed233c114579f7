package io.tributary.export.file;

import io.tributary.export.storage.Storage;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flush protocol on a store without locks or renames (S3), where writers are fenced by conditional creates:
 *
 * <ol>
 *   <li>{@linkplain Storage.Upload#sync() sync} every data file: its last part goes up, the multipart upload
 *       stays incomplete and invisible;</li>
 *   <li><b>claim</b> the flush's start offset: create {@code _manifests/_claims/<topic>+<p>+<start>.json}
 *       with {@code If-None-Match: *}, holding the writer's id, the complete manifest and every upload id. Of
 *       two writers flushing from the same offset (a zombie and its successor) exactly one creates it; the other
 *       aborts its uploads and fails, and its retry resumes after the winner's flush;</li>
 *   <li>{@linkplain Storage.Upload#publish() complete} every upload: the data objects appear whole, under the
 *       deterministic names only the claim's holder completes;</li>
 *   <li>create the manifest {@code _manifests/<topic>+<p>+<start>-<end>.json} from the claim's bytes
 *       (conditionally; finding it already there, written by a recovery with the same bytes, is fine). The flush
 *       counts from step 2 on: whoever finds a claim without its manifest finishes steps 3 and 4 for it.</li>
 * </ol>
 *
 * <p>Why a claim and not the manifest's own conditional create: the manifest name holds the end offset, so a
 * zombie's {@code 100-199} and its successor's {@code 100-149} would both be created. Every flush starts where a
 * published flush ended (or at the first offset exported), so unique start offsets are enough for no two
 * manifests ever to overlap.
 *
 * <p>Recovery aborts the partition's incomplete uploads whose flush start lies before the resume offset (a
 * crashed writer's, or a fenced one's); after a claim wins, uploads of the same names by other writers are
 * aborted too. So no incomplete upload outlives the next flush of its partition; a bucket lifecycle rule
 * (abort incomplete multipart uploads after a day) covers partitions that are never assigned again.
 */
final class ClaimedFlushes {
    private static final Logger LOG = LoggerFactory.getLogger(ClaimedFlushes.class);
    /** The directory of claims, inside the manifest directory so that verify and query engines skip it. */
    static final String CLAIM_DIR = "_claims";

    private ClaimedFlushes() {
    }

    static void publish(PartitionPaths paths, List<StagedFile> files, Manifest manifest, String writer,
            FlushObserver observer) throws IOException {
        Storage storage = paths.storage();
        Map<String, String> uploads = new LinkedHashMap<>();
        for (StagedFile f : files) {
            f.upload().sync();
            uploads.put(f.upload().name(), f.upload().pendingId());
        }
        observer.reached(FlushStep.FSYNCED);
        FlushClaim claim = new FlushClaim(writer, ManifestJson.write(manifest), uploads);
        byte[] claimJson = claim.toJson();
        String claimName = claimName(paths, manifest.startOffset());
        // From the claim attempt on, a failure must not abort the uploads: the claim may exist (a response lost
        // after the store created it) and name them, and recovery finishes what a claim names.
        files.forEach(f -> f.upload().retain());
        // Equal bytes: our own claim, created by an attempt whose response was lost.
        if (!storage.writeIfAbsent(claimName, claimJson) && !Arrays.equals(storage.readAll(claimName), claimJson)) {
            for (Map.Entry<String, String> upload : uploads.entrySet()) {
                storage.abortPending(new Storage.Pending(upload.getKey(), upload.getValue(), null));
            }
            throw new IOException("fenced: another writer claimed " + paths.topic() + "-" + paths.partition()
                    + " from offset " + manifest.startOffset() + " (" + storage.locate(claimName)
                    + "); resuming after its flush");
        }
        observer.reached(FlushStep.INTENT_WRITTEN);
        for (StagedFile f : files) {
            f.upload().publish();
            observer.reached(FlushStep.RENAMED_ONE);
        }
        observer.reached(FlushStep.RENAMED);
        storage.writeIfAbsent(paths.manifest(manifest.fileName()), claim.manifestJson());
        observer.reached(FlushStep.PUBLISHED);
        abortPending(paths, manifest.startOffset() + 1, Set.copyOf(uploads.values()));
    }

    /** Finishes claimed flushes that lack their manifest and returns the offset after the last flush. */
    static OptionalLong recover(PartitionPaths paths) throws IOException {
        Storage storage = paths.storage();
        long last = PartitionRecovery.lastEnd(paths).orElse(-1);
        Set<Long> published = new HashSet<>();
        for (String m : storage.list(paths.manifest(prefix(paths)))) {
            ExportLayout.parseManifestName(m.substring(m.lastIndexOf('/') + 1))
                    .filter(n -> n.partition() == paths.partition())
                    .ifPresent(n -> published.add(n.startOffset()));
        }
        for (String name : storage.list(paths.manifest(CLAIM_DIR + '/' + prefix(paths)))) {
            Optional<Long> start = startOf(name, paths.partition(), "\\.json");
            if (start.isPresent() && !published.contains(start.get())) {
                last = Math.max(last, rollForward(storage, paths, name).orElse(-1));
            }
        }
        abortPending(paths, last + 1, Set.of());
        return last < 0 ? OptionalLong.empty() : OptionalLong.of(last + 1);
    }

    /**
     * Finishes a claimed flush and returns its end offset; empty, after deleting the claim, when it can never be
     * finished because an upload it names is gone and its object does not exist (aborted from outside, e.g. by
     * a lifecycle rule after a long outage). Nobody can then complete that upload, so nobody can publish the
     * claim's manifest either, and the offsets are exported again from the claim's start.
     */
    private static OptionalLong rollForward(Storage storage, PartitionPaths paths, String claimName)
            throws IOException {
        FlushClaim claim = FlushClaim.read(storage.readAll(claimName));
        Manifest manifest = ManifestJson.read(claim.manifestJson());
        for (Map.Entry<String, String> upload : claim.uploads().entrySet()) {
            // The object appears before its upload disappears, so "no upload and no object" is final.
            if (storage.size(upload.getKey()).isEmpty() && !storage.publishPending(upload.getKey(), upload.getValue())
                    && storage.size(upload.getKey()).isEmpty()) {
                LOG.warn("dropping claimed flush {}: the upload of {} is gone; exporting from offset {} again",
                        manifest.fileName(), storage.locate(upload.getKey()), manifest.startOffset());
                storage.deleteIfExists(claimName);
                return OptionalLong.empty();
            }
        }
        storage.writeIfAbsent(paths.manifest(manifest.fileName()), claim.manifestJson());
        LOG.info("finished flush {} claimed by writer {} that did not publish it", manifest.fileName(),
                claim.writer());
        return OptionalLong.of(manifest.endOffset());
    }

    /** Aborts this partition's incomplete uploads of flushes starting before {@code before}, except {@code keep}. */
    private static void abortPending(PartitionPaths paths, long before, Set<String> keep) throws IOException {
        Storage storage = paths.storage();
        for (Storage.Pending p : storage.pendingUploads(paths.topicDir() + '/')) {
            Optional<Long> start = startOf(p.name(), paths.partition(), "\\..+");
            if (start.isPresent() && start.get() < before && !keep.contains(p.pendingId())) {
                storage.abortPending(p);
                LOG.info("aborted incomplete upload of {} (flush from offset {})", storage.locate(p.name()),
                        start.get());
            }
        }
    }

    private static String prefix(PartitionPaths paths) {
        return ExportLayout.sanitize(paths.topic()) + "+" + paths.partition() + "+";
    }

    static String claimName(PartitionPaths paths, long start) {
        return paths.manifest(CLAIM_DIR + '/' + prefix(paths) + start + ".json");
    }

    /** The flush start in {@code <topic>+<p>+<start><suffix>}, when the name is one of this partition's. */
    private static Optional<Long> startOf(String name, int partition, String suffix) {
        String file = name.substring(name.lastIndexOf('/') + 1);
        Matcher m = Pattern.compile(".+\\+(\\d+)\\+(\\d+)" + suffix).matcher(file);
        return m.matches() && Integer.parseInt(m.group(1)) == partition ? Optional.of(Long.parseLong(m.group(2)))
                : Optional.empty();
    }
}
