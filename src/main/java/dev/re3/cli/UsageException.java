package dev.re3.cli;

/** Bad command-line usage: an unknown command or option, a missing or malformed value; exit code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
