package graphaudit.internal.pipeline;

/**
 * What answers a {@link Route}'s requests once the gate let them through: the route was resolved, the
 * method is one the route allows, the caller passed its access rule (and is on the exchange when the
 * rule asks for a Graph token), the body is read within the limit. Implementations are thread-safe.
 */
@FunctionalInterface
public interface RouteHandler {

  /**
   * The reply; a failure may be thrown (a {@link GraphException}, a domain or store exception) and
   * becomes Graph's error reply.
   */
  GraphReply answer(Exchange exchange) throws Exception;
}
