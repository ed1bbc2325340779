package graphaudit.odata;

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
 * request form this service does not serve (no processor for it): the client's doing, so 400.
 * One instance per request.
 */
final class GraphErrorProcessor implements ErrorProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(GraphErrorProcessor.class);

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
    }
    if (status >= 500) {
      LOG.error("request {} failed", ids.requestId(), error.getException());
      message = null;
    }
    response.setStatusCode(status);
    response.setHeader(HttpHeader.CONTENT_TYPE, GraphErrors.CONTENT_TYPE);
    response.setContent(new ByteArrayInputStream(GraphErrors.body(status, message, ids)));
  }
}
