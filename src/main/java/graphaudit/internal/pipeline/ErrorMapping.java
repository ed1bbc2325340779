package graphaudit.internal.pipeline;

import graphaudit.internal.audit.InvalidInputException;
import graphaudit.internal.auth.AccessControl;
import graphaudit.internal.auth.AccessDeniedException;
import graphaudit.internal.compat.QueryLimits;
import graphaudit.internal.odata.ODataFailure;
import graphaudit.internal.odata.RequestIds;
import graphaudit.internal.odata.UnparsableQueryException;
import graphaudit.internal.query.InvalidQueryException;
import graphaudit.internal.store.write.DuplicateKeyException;
import graphaudit.internal.store.write.StoreFullException;
import graphaudit.internal.store.UnanswerableQueryException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one mapping from a failure to Graph's error reply (status, code, message, innerError,
 * {@code WWW-Authenticate}, {@code Retry-After}), used by every stage, by batch for its items and by
 * Jetty's error page. Anything it does not know is a 500, logged, its message withheld. Stateless.
 */
public final class ErrorMapping {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

  private ErrorMapping() {
  }

  /** Graph's reply to {@code failure}. */
  public static GraphReply reply(Throwable failure, RequestIds ids) {
    GraphException error = toGraph(failure);
    if (failure instanceof StoreFullException) {
      // the operator's to fix, not a bug: said as it is, logged as a warning without a trace
      LOG.warn("write refused: {}", failure.getMessage());
    } else if (error.status() >= 500 && !(failure instanceof GraphException)) {
      LOG.error("request {} failed", ids.requestId(), failure);
    }
    return reply(error, ids);
  }

  /** The status {@code failure} is answered with. */
  public static int status(Throwable failure) {
    return toGraph(failure).status();
  }

  /** Graph's reply for a status and message decided elsewhere (Jetty's own errors). */
  public static GraphReply reply(int status, String message, RequestIds ids) {
    return reply(new GraphException(status, message), ids);
  }

  private static GraphReply reply(GraphException error, RequestIds ids) {
    GraphReply reply = GraphReply.json(error.status(),
        GraphErrorBody.of(error.status(), error.getMessage(), error.details(), error.innerError(), ids));
    for (Map.Entry<String, String> header : error.headers().entrySet()) {
      reply = reply.withHeader(header.getKey(), header.getValue());
    }
    return reply;
  }

  private static GraphException toGraph(Throwable failure) {
    if (failure instanceof GraphException e) {
      return e;
    } else if (failure instanceof AccessDeniedException e) {
      return new GraphException(e.status(), e.getMessage(),
          e.status() == 401 ? Map.of("WWW-Authenticate", AccessControl.CHALLENGE) : Map.of());
    } else if (failure instanceof InvalidInputException || failure instanceof InvalidQueryException
        || failure instanceof QueryLimits.Exceeded || failure instanceof UnanswerableQueryException
        || failure instanceof UnparsableQueryException) {
      return new GraphException(400, failure.getMessage());
    } else if (failure instanceof DuplicateKeyException) {
      return new GraphException(409, failure.getMessage());
    } else if (failure instanceof StoreFullException) {
      return new GraphException(507, failure.getMessage());
    } else if (failure instanceof ODataFailure e) {
      return olingo(e);
    }
    return new GraphException(500, null);
  }

  /**
   * Olingo's verdict. A domain exception out of a processor keeps its own meaning. A 501 means a
   * request form this service does not serve (no processor for it): the client's doing, so a 400.
   */
  private static GraphException olingo(ODataFailure e) {
    if (e.getCause() instanceof RuntimeException cause && !(cause instanceof ODataFailure)) {
      return toGraph(cause);
    }
    if (e.status() == 501) {
      return new GraphException(400, "This request is not supported on this resource: " + e.getMessage());
    }
    return new GraphException(e.status(), e.status() >= 500 ? null : e.getMessage());
  }
}
