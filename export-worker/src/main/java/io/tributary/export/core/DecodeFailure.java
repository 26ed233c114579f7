package io.tributary.export.core;

/**
 * Why a record could not be decoded, as the dead-letter headers carry it.
 *
 * @param errorClass simple class name of the failure, e.g. {@code EventDecodeException}
 * @param reason stable reason code, e.g. {@code MISSING_FIELD}
 * @param message human-readable detail
 */
public record DecodeFailure(String errorClass, String reason, String message) {
}
