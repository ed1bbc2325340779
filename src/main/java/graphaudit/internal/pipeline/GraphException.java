package graphaudit.internal.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A refusal decided by the pipeline itself (no such root, method not allowed, throttled, an injected
 * fault, a malformed batch): the status, message and extra headers that {@link ErrorMapping} turns
 * into Graph's error reply. Domain and store exceptions never carry HTTP; this one is HTTP.
 */
public final class GraphException extends RuntimeException {

  /** One entry of Graph's {@code details}: a problem ({@code code}, {@code message}) and where it is ({@code target}). */
  public record Detail(String code, String message, String target) {
  }

  private final int status;
  private final Map<String, String> headers;
  private final List<Detail> details;
  private final Map<String, JsonNode> innerError;

  /** @param message shown to the client; null for the status's default */
  public GraphException(int status, String message, Map<String, String> headers) {
    this(status, message, headers, List.of(), Map.of());
  }

  public GraphException(int status, String message) {
    this(status, message, Map.of());
  }

  /**
   * A refusal that names its problems one by one in Graph's {@code details} and says more in
   * {@code innerError}, beside the date and request ids every error carries there.
   */
  public GraphException(int status, String message, List<Detail> details, Map<String, JsonNode> innerError) {
    this(status, message, Map.of(), details, innerError);
  }

  private GraphException(int status, String message, Map<String, String> headers, List<Detail> details,
      Map<String, JsonNode> innerError) {
    super(message, null, false, false);
    this.status = status;
    this.headers = Map.copyOf(headers);
    this.details = List.copyOf(details);
    this.innerError = Collections.unmodifiableMap(new LinkedHashMap<>(innerError));
  }

  public int status() {
    return status;
  }

  /** Extra header fields of the reply, e.g. {@code Retry-After}. */
  public Map<String, String> headers() {
    return headers;
  }

  /** Graph's {@code details}, in order (empty for none: the body then has no {@code details}). */
  public List<Detail> details() {
    return details;
  }

  /** Fields {@code innerError} has beyond the date and request ids, in order. */
  public Map<String, JsonNode> innerError() {
    return innerError;
  }
}
