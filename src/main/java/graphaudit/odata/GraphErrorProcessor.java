package graphaudit.odata;

import graphaudit.store.StoreFullException;
import graphaudit.store.UnanswerableQueryException;
import java.io.ByteArrayInputStream;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ODataServerError;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.ErrorProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error Olingo or a processor raises, written in Graph's shape. A 501 from Olingo means a
 * request form this service does not serve (no processor for it): the client's doing, so 400. So is
 * an unchecked exception out of Olingo's URI parser: on some ill-typed expressions
 * ({@code displayName add null}, {@code resources in ('a')}, {@code $apply} on a function) it fails
 * with an NPE or IllegalArgumentException instead of its parse error, and a query the database
 * refused for the client's values ({@link UnanswerableQueryException}). One instance per request.
 */
final class GraphErrorProcessor implements ErrorProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(GraphErrorProcessor.class);
  private static final String URI_PARSER = "org.apache.olingo.server.core.uri.parser.Parser";

  private final RequestIds ids;

  GraphErrorProcessor(RequestIds ids) {
    this.ids = ids;
  }

  @Override
  public void init(OData odata, ServiceMetadata serviceMetadata) {
    // nothing to keep
  }

  @Override
  public void processError(ODataRequest request, ODataResponse response, ODataServerError error,
      ContentType format) {
    int status = error.getStatusCode();
    String message = error.getMessage();
    if (status == 501) {
      status = 400;
      message = "This request is not supported on this resource: " + message;
    } else if (status == 500 && error.getException() instanceof UnanswerableQueryException refused) {
      status = 400;
      message = refused.getMessage();
    } else if (status == 500 && error.getException() instanceof StoreFullException full) {
      status = 507;
      message = full.getMessage();
    } else if (status == 500 && thrownParsingTheUri(error.getException())) {
      status = 400;
      message = "The query cannot be parsed: an operator, function or option is applied to operands or a"
          + " resource it does not take.";
    }
    if (status == 507) {
      LOG.warn("request {} refused: {}", ids.requestId(), message); // the operator's to fix, not a bug
    } else if (status >= 500) {
      LOG.error("request {} failed", ids.requestId(), error.getException());
      message = null;
    }
    response.setStatusCode(status);
    response.setHeader(HttpHeader.CONTENT_TYPE, GraphErrors.CONTENT_TYPE);
    response.setContent(new ByteArrayInputStream(GraphErrors.body(status, message, ids)));
  }

  /** Whether the exception left Olingo's URI parser (its message is internal, so it is not shown). */
  private static boolean thrownParsingTheUri(Exception e) {
    if (!(e instanceof RuntimeException)) {
      return false;
    }
    for (StackTraceElement frame : e.getStackTrace()) {
      if (frame.getClassName().equals(URI_PARSER) && frame.getMethodName().equals("parseUri")) {
        return true;
      }
    }
    return false;
  }
}
