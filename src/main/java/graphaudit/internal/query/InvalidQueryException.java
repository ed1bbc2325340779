package graphaudit.internal.query;

/** A query option that parses but cannot be answered (unsupported function, type mismatch…): a 400. */
public final class InvalidQueryException extends RuntimeException {

  public InvalidQueryException(String message) {
    super(message, null, false, false);
  }
}
