package uk.npq.registration.client;

/**
 * The Teacher Record System could not answer: it timed out or failed (5xx) twice, could not be reached, or
 * refused our API key. Unlike "not found", this says nothing about the person: ask again later.
 * The message names the call and what happened, never the person.
 */
public class TrsUnavailableException extends Exception {
    public TrsUnavailableException(String message) {
        super(message);
    }

    public TrsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
