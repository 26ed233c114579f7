package io.tributary.runtime.service;

import java.util.Objects;

/**
 * The health of a {@link Service}: a status and, unless {@link Status#UP}, the reason in words a person
 * reading a health endpoint understands (e.g. {@code "file export: a partition cannot write; retried with
 * backoff"}).
 *
 * @param status where the service stands
 * @param reason why it is not up; empty when {@link Status#UP}, never blank otherwise
 */
public record Health(Status status, String reason) {
    private static final Health UP = new Health(Status.UP, "");

    /** Where a service stands. */
    public enum Status {
        /** Doing its work. */
        UP,
        /** Running, but part of its work is held up (a partition that cannot write, refused credentials). */
        DEGRADED,
        /** Not doing its work: not started yet, stopped, or failed. */
        DOWN
    }

    /**
     * @throws NullPointerException     when status or reason is null
     * @throws IllegalArgumentException when a status other than UP comes without a reason
     */
    public Health {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        if (status != Status.UP && reason.isBlank()) {
            throw new IllegalArgumentException(status + " needs a reason");
        }
    }

    /** A service doing its work. */
    public static Health up() {
        return UP;
    }

    /** A running service whose work is partly held up, and why. */
    public static Health degraded(String reason) {
        return new Health(Status.DEGRADED, reason);
    }

    /** A service not doing its work, and why. */
    public static Health down(String reason) {
        return new Health(Status.DOWN, reason);
    }

    /** True when {@link Status#UP}. */
    public boolean isUp() {
        return status == Status.UP;
    }

    /** {@code UP}, or the status and the reason: {@code DEGRADED file export: ...}. */
    @Override
    public String toString() {
        return isUp() ? status.name() : status + " " + reason;
    }
}
