package graphaudit.internal.cli;

/** A failure the user can act on: {@link Main} prints its message alone, without a stack trace. */
final class CommandFailure extends RuntimeException {

  CommandFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
