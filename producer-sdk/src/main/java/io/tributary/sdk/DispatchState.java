package io.tributary.sdk;

/**
 * Where the {@link Dispatcher} sends encoded batches, and the one table of how it moves between those states.
 *
 * <table>
 * <caption>Transitions ({@code -} : stays)</caption>
 * <tr><th>state \ event</th><th>KAFKA_LOST</th><th>KAFKA_BACK</th><th>BACKLOG</th><th>DRAINED</th>
 *     <th>READ_FAILING</th><th>READ_OK</th><th>CLOSE</th></tr>
 * <tr><td>CONNECTED</td><td>OUTAGE</td><td>-</td><td>REPLAYING</td><td>-</td><td>SPOOL_UNREADABLE</td>
 *     <td>-</td><td>CLOSED</td></tr>
 * <tr><td>REPLAYING</td><td>OUTAGE</td><td>-</td><td>-</td><td>CONNECTED</td><td>SPOOL_UNREADABLE</td>
 *     <td>-</td><td>CLOSED</td></tr>
 * <tr><td>SPOOL_UNREADABLE</td><td>OUTAGE</td><td>-</td><td>-</td><td>CONNECTED</td><td>-</td>
 *     <td>REPLAYING</td><td>CLOSED</td></tr>
 * <tr><td>OUTAGE</td><td>-</td><td>REPLAYING</td><td>-</td><td>-</td><td>-</td><td>-</td><td>CLOSED</td></tr>
 * <tr><td>CLOSED</td><td>-</td><td>-</td><td>-</td><td>-</td><td>-</td><td>-</td><td>-</td></tr>
 * </table>
 *
 * <p>{@code KAFKA_BACK} leads to {@code REPLAYING}, not {@code CONNECTED}: until the spool was looked at, new
 * events must not overtake what it holds; the dispatcher's next look ({@code DRAINED}) moves on when it is empty.
 */
enum DispatchState {
    /** Kafka reachable, nothing spooled ahead: batches go straight to Kafka. */
    CONNECTED,
    /**
     * Kafka reachable, the spool holds unread events: each step replays from its head, and new batches join its
     * tail (or overtake it when it cannot take them: a write error, or no room without deleting older events).
     */
    REPLAYING,
    /**
     * Kafka reachable, the spool holds unread events but reading it keeps failing: new batches go straight to
     * Kafka while each step tries to read it again.
     */
    SPOOL_UNREADABLE,
    /**
     * Kafka unreachable: no send is attempted; batches go to the spool (without one, they stay in the buffer),
     * and a probe asks, at most once per interval, whether Kafka is back.
     */
    OUTAGE,
    /** Close's command ran: what was left is spooled or counted, the spool is closed; nothing happens any more. */
    CLOSED;

    /** What the dispatcher learns; see the table above. */
    enum Event {
        /** A send found Kafka unreachable (at once, or later in its callback). */
        KAFKA_LOST,
        /** A probe found Kafka reachable again. */
        KAFKA_BACK,
        /** The spool holds unread events. */
        BACKLOG,
        /** The spool holds no unread events. */
        DRAINED,
        /** Reading the spool failed several times in a row. */
        READ_FAILING,
        /** Reading the spool worked. */
        READ_OK,
        /** The client is closing. */
        CLOSE
    }

    /** The state after {@code event}: the transition table, in one place. */
    DispatchState on(Event event) {
        if (this == CLOSED) {
            return CLOSED;
        }
        return switch (event) {
            case CLOSE -> CLOSED;
            case KAFKA_LOST -> OUTAGE;
            case KAFKA_BACK -> this == OUTAGE ? REPLAYING : this;
            case BACKLOG -> this == CONNECTED ? REPLAYING : this;
            case DRAINED -> this == OUTAGE ? OUTAGE : CONNECTED;
            case READ_FAILING -> this == OUTAGE ? OUTAGE : SPOOL_UNREADABLE;
            case READ_OK -> this == SPOOL_UNREADABLE ? REPLAYING : this;
        };
    }

    /** Whether sends are attempted in this state. */
    boolean reachable() {
        return this == CONNECTED || this == REPLAYING || this == SPOOL_UNREADABLE;
    }
}
