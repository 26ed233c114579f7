package io.tributary.export.http;

/** What became of a batch: events accepted by the endpoint, records moved to the dead-letter topic, requests. */
record DeliveryResult(int delivered, int deadLettered, int requests) {
    DeliveryResult plus(DeliveryResult other) {
        return new DeliveryResult(delivered + other.delivered, deadLettered + other.deadLettered,
                requests + other.requests);
    }

    static final DeliveryResult NONE = new DeliveryResult(0, 0, 0);
}
