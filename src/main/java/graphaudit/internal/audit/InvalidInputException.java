package graphaudit.internal.audit;

/** A request body or value that breaks the contract; reported to the client as 400 BadRequest. */
public final class InvalidInputException extends RuntimeException {

  public InvalidInputException(String message) {
    super(message, null, false, false);
  }
}
