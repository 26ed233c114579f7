package io.tributary.export.http;

import io.tributary.export.core.ExportIoException;
import java.util.ArrayList;
import java.util.List;

/** A dead-letter sink that remembers what it was given; can be told to fail its first writes. */
final class RecordingDeadLetters implements DeadLetterSink {
    record Letter(long offset, String errorClass, String reason, String message, int status) {
    }

    final List<Letter> letters = new ArrayList<>();
    int failuresLeft;

    @Override
    public synchronized void send(List<BatchRecord> records, String errorClass, String reason, String message,
            int httpStatus) {
        if (failuresLeft > 0) {
            failuresLeft--;
            throw new ExportIoException("broker down (scripted)", null);
        }
        for (BatchRecord r : records) {
            letters.add(new Letter(r.offset(), errorClass, reason, message, httpStatus));
        }
    }

    synchronized List<Long> offsets() {
        return letters.stream().map(Letter::offset).toList();
    }

    @Override
    public void close() {
    }
}
