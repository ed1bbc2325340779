package graphaudit.internal.pipeline;

/** One answer: status, header fields and the whole body (empty for none). Immutable. */
public record GraphReply(int status, Headers headers, byte[] body) {

  public static final String JSON = "application/json";

  /** A JSON answer. */
  public static GraphReply json(int status, byte[] body) {
    return new GraphReply(status, Headers.NONE.with("Content-Type", JSON), body);
  }

  /** This reply with {@code name} set to {@code value}. */
  public GraphReply withHeader(String name, String value) {
    return new GraphReply(status, headers.with(name, value), body);
  }
}
