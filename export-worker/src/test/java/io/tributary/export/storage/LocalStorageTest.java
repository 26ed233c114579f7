package io.tributary.export.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageTest {
    static final String NAME = "topic/dt=2025-11-22/hour=08/topic+0+0.ndjson";
    static final String STAGED = "topic/_staging/0/0.tmp";
    static final String INTENT = "topic/_staging/0/_flush.json";
    static final byte[] DATA = "{\"a\":1}\n{\"a\":2}\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path root;

    LocalStorage storage() {
        return LocalStorage.create(root);
    }

    @Test
    void anUploadIsInvisibleUntilPublishedAndThenWhole() throws IOException {
        LocalStorage storage = storage();
        Storage.Upload upload = storage.create(NAME, STAGED);
        try (OutputStream out = upload.output()) {
            out.write(DATA);
        }
        upload.sync();
        assertThat(storage.list("topic/dt=")).isEmpty();
        assertThat(storage.size(NAME)).isEmpty();
        assertThatThrownBy(() -> storage.open(NAME)).isInstanceOf(NoSuchFileException.class);
        assertThat(storage.list("topic/_staging/")).containsExactly(STAGED);

        upload.publish();
        storage.syncPublished(List.of(upload));
        assertThat(storage.list("topic/")).containsExactly(NAME);
        assertThat(storage.size(NAME)).hasValue(DATA.length);
        assertThat(storage.readAll(NAME)).isEqualTo(DATA);
        assertThat(root.resolve(NAME)).hasBinaryContent(DATA);
    }

    @Test
    void aCrashMidWriteLeavesOnlyAStagedTemporaryWhichClearingStagingRemoves() throws IOException {
        LocalStorage storage = storage();
        Storage.Upload upload = storage.create(NAME, STAGED);
        upload.output().write(DATA, 0, 5);
        upload.output().flush();
        storage.writeAtomically(INTENT, DATA);
        // The process dies here: the upload is neither closed, published nor discarded.

        LocalStorage successor = storage();
        assertThat(successor.list("")).containsExactlyInAnyOrder(STAGED, INTENT);
        assertThat(successor.size(NAME)).isEmpty();
        successor.clearStaging("topic/_staging/0", INTENT);
        assertThat(successor.list("")).isEmpty();
        assertThat(root.resolve("topic/_staging/0")).isEmptyDirectory();
        upload.output().close();
    }

    @Test
    void aDiscardedUploadLeavesNothing() throws IOException {
        LocalStorage storage = storage();
        Storage.Upload upload = storage.create(NAME, STAGED);
        upload.output().write(DATA);
        upload.discard();
        assertThat(storage.list("")).isEmpty();
    }

    @Test
    void writeAtomicallyReplacesTheWholeObjectAndLeavesNoTemporary() throws IOException {
        LocalStorage storage = storage();
        storage.writeAtomically("state/export-state.json", "old".getBytes(StandardCharsets.UTF_8));
        storage.writeAtomically("state/export-state.json", DATA);
        assertThat(storage.readAll("state/export-state.json")).isEqualTo(DATA);
        assertThat(storage.list("")).containsExactly("state/export-state.json");
    }

    @Test
    void publishIfAbsentMovesTheStagedObjectIntoPlace() throws IOException {
        LocalStorage storage = storage();
        String manifest = "topic/_manifests/topic+0+0-1.json";
        storage.writeAtomically(INTENT, DATA);
        assertThat(storage.publishIfAbsent(INTENT, manifest)).isTrue();
        assertThat(storage.list("")).containsExactly(manifest);
        assertThat(storage.readAll(manifest)).isEqualTo(DATA);
        assertThatThrownBy(() -> storage.publishIfAbsent(INTENT, manifest)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void listsByNamePrefixAtAnyDepth() throws IOException {
        LocalStorage storage = storage();
        for (String name : List.of("t/_manifests/t+1+0-9.json", "t/_manifests/t+10+0-9.json", "t/a/b/c.csv",
                "other.json")) {
            storage.writeAtomically(name, DATA);
        }
        assertThat(storage.list("t/_manifests/t+1+")).containsExactly("t/_manifests/t+1+0-9.json");
        assertThat(storage.list("t/")).containsExactlyInAnyOrder("t/_manifests/t+1+0-9.json",
                "t/_manifests/t+10+0-9.json", "t/a/b/c.csv");
        assertThat(storage.list("")).hasSize(4);
        assertThat(storage.list("missing/dir/")).isEmpty();
        assertThatThrownBy(() -> LocalStorage.create(root.resolve("absent")).list(""))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void readsAndDeletes() throws IOException {
        LocalStorage storage = storage();
        storage.writeAtomically("t/x.csv", DATA);
        assertThat(storage.readAsFile("t/x.csv", Files::readAllBytes)).isEqualTo(DATA);
        assertThat(storage.deleteIfExists("t/x.csv")).isTrue();
        assertThat(storage.deleteIfExists("t/x.csv")).isFalse();
        assertThatThrownBy(() -> storage.readAll("t/x.csv")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> storage.readAsFile("t/x.csv", Files::size)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void namesStayInsideTheRoot() {
        LocalStorage storage = storage();
        assertThatThrownBy(() -> storage.open("../outside")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.open("/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThat(storage.locate("t/x")).isEqualTo(root.toAbsolutePath().resolve("t/x").toString());
    }

    @Test
    void oneLockHolderAtATime() throws IOException {
        LocalStorage storage = storage();
        Optional<Storage.Lock> first = storage.tryLock("t/_staging/0.lock");
        assertThat(first).isPresent();
        assertThat(storage().tryLock("t/_staging/0.lock")).isEmpty();
        first.get().release();
        Optional<Storage.Lock> second = storage().tryLock("t/_staging/0.lock");
        assertThat(second).isPresent();
        second.get().release();
    }

    @Test
    void renamesADirectoryWhole() throws IOException {
        LocalStorage storage = storage();
        storage.writeAtomically(".partial-run/t/x.json", DATA);
        storage.rename(".partial-run", "run");
        assertThat(storage.list("")).containsExactly("run/t/x.json");
    }
}
