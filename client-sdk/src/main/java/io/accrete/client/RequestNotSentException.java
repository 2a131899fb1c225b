package io.accrete.client;

import java.io.IOException;

/**
 * No byte of the request reached the server: the deadline had passed, the caller was interrupted,
 * the client closed, or the connection failed before the first byte left. Its cause says which.
 * Unlike any failure after the first byte, this one leaves a transaction's outcome known: not applied.
 */
final class RequestNotSentException extends IOException {
    RequestNotSentException(String message, Throwable cause) {
        super(message, cause);
    }
}
