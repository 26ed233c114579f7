package io.tributary.export.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where an export's files live: a local or mounted directory ({@link LocalStorage}) or an object store. The
 * file sink, {@code verify} and range exports do all their I/O through this interface; the layout (which names)
 * and the format (which bytes) are decided elsewhere.
 *
 * <p><b>Names</b> are relative to the storage's root, with {@code /} separators and no {@code .} or {@code ..}
 * components, e.g. {@code tributary.events.sampled/_manifests/tributary.events.sampled+0+0-99.json}. A name
 * that would leave the root is refused with {@link IllegalArgumentException}. A "directory" is just a prefix
 * ending in {@code /}: it exists while a name below it does.
 *
 * <p><b>Visibility.</b> An object written through {@link #create} is invisible under its name (not
 * {@linkplain #list listed}, not {@linkplain #open readable}) until {@link Upload#publish()}, and then appears
 * whole: a reader never sees a part. A crash before that leaves at most a staged temporary, which
 * {@link #clearStaging} removes.
 *
 * <p><b>Durability.</b> {@link Upload#sync()} makes an upload's bytes durable without publishing them;
 * {@link #syncPublished} makes publications durable; {@link #writeAtomically}, {@link #publishIfAbsent} and
 * {@link #clearStaging} are durable when they return.
 *
 * <p><b>Fencing.</b> Only one writer at a time may recover or publish a partition. Stores with an exclusive lock
 * ({@link LocalStorage}: an OS file lock) hand it out through {@link #tryLock}; stores without one
 * ({@link #locksWriters()} false, S3) return a lock that is always granted and fence instead by conditional
 * creates ({@link #writeIfAbsent}), on which the file sink builds per-offset flush claims.
 *
 * <p>Every method may throw {@link IOException} when the store fails; callers translate it at their boundary.
 * Implementations are thread-safe; an {@link Upload} is used by one thread.
 */
public interface Storage {
    /**
     * Starts writing the object {@code name}. Its bytes go to {@code staging} meanwhile, a name in the writer's
     * staging area that {@link #clearStaging} covers: a store that stages beside the destination writes them
     * there (local: a temporary file), an object store may keep there what it needs to abort the upload later.
     *
     * @param name where the object becomes visible on {@link Upload#publish()}
     * @param staging where the bytes, or a record of the unfinished upload, are kept until then
     */
    Upload create(String name, String staging) throws IOException;

    /**
     * Makes every listed upload's {@link Upload#publish() publication} durable: after return, a crash keeps
     * them. Local: fsyncs each directory that received a file or was created for one, once.
     */
    void syncPublished(List<Upload> published) throws IOException;

    /**
     * Writes a small object whole, replacing any previous one, and durably: readers and a crash see the old
     * content or the new, never a part. Local: temporary beside it, fsync, rename, fsync of the directory.
     */
    void writeAtomically(String name, byte[] bytes) throws IOException;

    /**
     * Publishes {@code staged}, an object written by {@link #writeAtomically}, under {@code name}, durably, and
     * removes {@code staged} (a crash may leave it behind; {@code name} is then published). This is how a flush
     * manifest is made to count.
     *
     * <p>An object store creates {@code name} conditionally ({@code If-None-Match: *}) and returns false,
     * publishing nothing, when it exists: a zombie writer cannot replace its successor's manifest. A store whose
     * writers are fenced by {@link #tryLock} (local: rename, then fsync of the directory) replaces any object of
     * that name and returns true.
     *
     * @return whether {@code name} now holds {@code staged}'s bytes
     * @throws NoSuchFileException when {@code staged} does not exist
     */
    boolean publishIfAbsent(String staged, String name) throws IOException;

    /**
     * Names of the visible objects whose name starts with {@code prefix}, at any depth, in no particular order.
     * An object store's listing; locally, the regular files below the prefix's directory (temporaries and staged
     * files included, since the directory holds them).
     *
     * @param prefix a name prefix, e.g. {@code topic/_manifests/} or {@code topic/_manifests/topic+3+}; empty
     *     for everything
     * @return the names, empty when none starts with {@code prefix}
     * @throws NoSuchFileException when the storage's root itself does not exist
     */
    List<String> list(String prefix) throws IOException;

    /** The size of the object {@code name} in bytes, empty when there is none. */
    OptionalLong size(String name) throws IOException;

    /**
     * Reads the object {@code name}. The caller closes the stream.
     *
     * @throws NoSuchFileException when there is none
     */
    InputStream open(String name) throws IOException;

    /**
     * The whole content of a small object.
     *
     * @throws NoSuchFileException when there is none
     */
    default byte[] readAll(String name) throws IOException {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        }
    }

    /**
     * Runs {@code reader} on a local file with the object's bytes, for readers that need a seekable file
     * (Parquet): the file itself locally, a temporary download from an object store, deleted afterwards.
     *
     * @throws NoSuchFileException when there is no object {@code name}
     */
    <T> T readAsFile(String name, FileReader<T> reader) throws IOException;

    /**
     * Deletes the object {@code name}, not necessarily durably.
     *
     * @return whether there was one
     */
    boolean deleteIfExists(String name) throws IOException;

    /**
     * Durably deletes everything in a writer's staging area: temporaries of uploads never published (an object
     * store aborts them, so no incomplete upload lingers) and objects written there, {@code last} after all the
     * others, so that a crash mid-way still finds it. Nothing to delete is not an error.
     *
     * @param stagingDir the staging area, a prefix without the trailing {@code /}
     * @param last a name in it to delete last (a flush intent)
     */
    void clearStaging(String stagingDir, String last) throws IOException;

    /**
     * Takes the exclusive right to recover and publish what the lock {@code name} guards (one partition); empty
     * while another writer, in this process or another, holds it. Local: an OS lock on the file {@code name},
     * which is created and kept; the OS drops it when the process dies. Stores without locks always grant it.
     */
    Optional<Lock> tryLock(String name) throws IOException;

    /**
     * Whether {@link #tryLock} really excludes other writers (local: an OS lock). When false (an object store),
     * writers are fenced by {@link #writeIfAbsent} instead, and the flush protocol claims each flush's start
     * offset before it publishes (see {@code io.tributary.export.file.ClaimedFlushes}).
     */
    default boolean locksWriters() {
        return true;
    }

    /**
     * Creates the small object {@code name} only if there is none: an object store's conditional create
     * ({@code If-None-Match: *}), atomic against concurrent creators. The default, for stores whose writers are
     * fenced by {@link #tryLock}, checks and then writes.
     *
     * @return whether this call created it; false when an object of that name exists
     */
    default boolean writeIfAbsent(String name, byte[] bytes) throws IOException {
        if (size(name).isPresent()) {
            return false;
        }
        writeAtomically(name, bytes);
        return true;
    }

    /**
     * Makes visible an upload that was {@linkplain Upload#sync() synced} but never published, by its
     * {@linkplain Upload#pendingId() pending id}, e.g. after its writer crashed. An object store completes the
     * multipart upload from the parts it holds.
     *
     * @return false when there is no such pending upload (already published, or aborted)
     * @throws UnsupportedOperationException when the store fences writers by lock and never needs it
     */
    default boolean publishPending(String name, String pendingId) throws IOException {
        throw new UnsupportedOperationException("publishPending on " + this);
    }

    /**
     * Uploads started below {@code prefix} and neither published nor discarded (an object store's incomplete
     * multipart uploads); empty for stores that keep such bytes in their staging area instead.
     */
    default List<Pending> pendingUploads(String prefix) throws IOException {
        return List.of();
    }

    /** Aborts a pending upload from {@link #pendingUploads}; nothing to abort is not an error. */
    default void abortPending(Pending pending) throws IOException {
        throw new UnsupportedOperationException("abortPending on " + this);
    }

    /**
     * Whether writers should complete their open flushes early to give memory back (an object store whose
     * shared part-buffer pool ran empty). Writers check it on every loop turn.
     */
    default boolean wantsBuffersBack() {
        return false;
    }

    /** Where {@code name} is, for messages: an absolute path, or a URI such as {@code s3://bucket/key}. */
    String locate(String name);

    /** An object being written, invisible under its name until {@link #publish()}. Not thread-safe. */
    interface Upload {
        /** The name the object gets when published. */
        String name();

        /** Where the bytes go; closing it completes the content (it must be closed before {@link #sync()}). */
        OutputStream output();

        /** Makes the completed content durable, still unpublished. Local: fsync of the temporary. */
        void sync() throws IOException;

        /**
         * Makes the object visible under {@link #name()} whole, replacing an object of that name (a retried
         * flush rewrites the same names with the same bytes). Durable after {@link Storage#syncPublished}.
         * Local: creates the missing directories and renames the temporary into place.
         */
        void publish() throws IOException;

        /** Abandons the object: closes the output and deletes what was staged (an object store aborts it). */
        void discard() throws IOException;

        /**
         * What {@link Storage#publishPending} needs to publish this upload after {@link #sync()} if its writer
         * cannot (an object store's upload id); valid after {@link #sync()}. Local: the staging name.
         */
        default String pendingId() {
            return name();
        }

        /**
         * From now on {@link #discard()} only lets go of local resources and leaves what was staged (an object
         * store's pending upload) for recovery to finish or remove: called once a claim that names this upload
         * may exist. Does nothing for stores that never publish pending uploads.
         */
        default void retain() {
        }
    }

    /** An upload neither published nor discarded, see {@link #pendingUploads}. */
    record Pending(String name, String pendingId, java.time.Instant initiated) {
    }

    /** The exclusive right from {@link #tryLock}; {@link #release()} lets the next writer have it. */
    interface Lock {
        /** Lets go; never throws, and a second call does nothing. */
        void release();
    }

    /** Reads a local file, see {@link #readAsFile}. */
    @FunctionalInterface
    interface FileReader<T> {
        /** Reads {@code file}, which exists only during the call. */
        T read(Path file) throws IOException;
    }
}
