package graphaudit.internal.pipeline;

/**
 * A path answered beside the service roots (the viewer, {@code /metrics}): routed before the roots,
 * after the error mapping and body limit, and never given CORS headers (only its own origin uses it).
 * Implementations are thread-safe.
 */
public interface LocalRoute {

  /** Whether this route answers {@code path} (raw, as received). */
  boolean serves(String path);

  /**
   * The reply; a failure may be thrown (a {@link GraphException} or an access-control refusal) and
   * becomes Graph's error reply.
   *
   * @param body the whole request body, already read within the body limit
   */
  GraphReply answer(GraphRequest request, byte[] body) throws Exception;
}
