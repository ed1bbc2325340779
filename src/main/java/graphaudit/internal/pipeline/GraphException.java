package graphaudit.internal.pipeline;

import java.util.Map;

/**
 * A refusal decided by the pipeline itself (no such root, method not allowed, throttled, an injected
 * fault, a malformed batch): the status, message and extra headers that {@link ErrorMapping} turns
 * into Graph's error reply. Domain and store exceptions never carry HTTP; this one is HTTP.
 */
public final class GraphException extends RuntimeException {

  private final int status;
  private final Map<String, String> headers;

  /** @param message shown to the client; null for the status's default */
  public GraphException(int status, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.status = status;
    this.headers = Map.copyOf(headers);
  }

  public GraphException(int status, String message) {
    this(status, message, Map.of());
  }

  public int status() {
    return status;
  }

  /** Extra header fields of the reply, e.g. {@code Retry-After}. */
  public Map<String, String> headers() {
    return headers;
  }
}
