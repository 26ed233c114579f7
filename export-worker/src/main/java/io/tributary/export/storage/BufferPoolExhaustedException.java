package io.tributary.export.storage;

import java.io.IOException;

/**
 * {@link Storage#create} found no free buffer for a new upload: a store that bounds its memory with a shared
 * pool has lent every buffer to uploads still open. Writers complete their open flush early to give buffers back
 * and try again ({@link Storage#wantsBuffersBack()} tells the others to do the same).
 */
public final class BufferPoolExhaustedException extends IOException {
    private static final long serialVersionUID = 1L;

    public BufferPoolExhaustedException(String message) {
        super(message);
    }
}
