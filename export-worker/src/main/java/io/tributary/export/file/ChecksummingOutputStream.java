package io.tributary.export.file;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts and SHA-256-hashes the bytes on their way to a file, so a flush never re-reads what it wrote. */
final class ChecksummingOutputStream extends FilterOutputStream {
    private final MessageDigest sha256;
    private long count;

    ChecksummingOutputStream(OutputStream out) {
        super(out);
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        sha256.update((byte) b);
        count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        sha256.update(b, off, len);
        count += len;
    }

    /** Bytes written so far. */
    long count() {
        return count;
    }

    /** The hex SHA-256 of everything written; call once, after closing. */
    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
