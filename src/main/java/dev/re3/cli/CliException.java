package dev.re3.cli;

/** A failure with a message meant for the user as it is, such as a missing file; exit code 1. */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
