package io.tributary.export.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;

/**
 * The bearer token: from a file (re-read when its modification time or size changes, so a rotated token is
 * picked up) or else from the configured value. Never printed: {@link #toString()} hides it, and
 * {@link #redact} removes it from text that came from elsewhere (a response body echoing it).
 */
final class TokenSource {
    private final Password configured;
    private final Path file;
    private final Object lock = new Object();
    private FileTime readTime;
    private long readSize = -1;
    private String fromFile;

    TokenSource(Password configured, Path file) {
        this.configured = configured;
        this.file = file;
    }

    /** No token: requests carry no Authorization header. */
    static TokenSource none() {
        return new TokenSource(null, null);
    }

    /**
     * The current token, if any.
     *
     * @throws IOException when the token file cannot be read (its path, not its content, is in the message)
     */
    Optional<String> current() throws IOException {
        if (file != null) {
            synchronized (lock) {
                FileTime modified = Files.getLastModifiedTime(file);
                long size = Files.size(file);
                if (!modified.equals(readTime) || size != readSize) {
                    fromFile = Files.readString(file, StandardCharsets.UTF_8).strip();
                    readTime = modified;
                    readSize = size;
                }
                return fromFile.isEmpty() ? Optional.empty() : Optional.of(fromFile);
            }
        }
        if (configured == null || configured.value() == null || configured.value().isBlank()) {
            return Optional.empty();
        }
        return Optional.of(configured.value().strip());
    }

    /** {@code text} with every occurrence of the token replaced by {@code [hidden]}. */
    String redact(String text) {
        String token;
        try {
            token = current().orElse(null);
        } catch (IOException e) {
            token = null;
        }
        String result = text;
        if (token != null && token.length() >= 4) {
            result = result.replace(token, "[hidden]");
        }
        String fixed = configured == null ? null : configured.value();
        if (fixed != null && fixed.strip().length() >= 4) {
            result = result.replace(fixed.strip(), "[hidden]");
        }
        return result;
    }

    @Override
    public String toString() {
        return file != null ? "TokenSource[file=" + file + "]" : "TokenSource[" + (configured == null ? "none"
                : "[hidden]") + "]";
    }
}
