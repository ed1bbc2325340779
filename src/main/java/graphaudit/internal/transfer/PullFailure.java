package graphaudit.internal.transfer;

/** A pull from Graph that cannot go on: a refusal no retry mends, or retries used up. Its message says why. */
public final class PullFailure extends RuntimeException {

  public PullFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
