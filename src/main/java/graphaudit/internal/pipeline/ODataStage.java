package graphaudit.internal.pipeline;

import java.io.InputStream;
import org.apache.olingo.server.api.ODataResponse;

/** The last stage: Olingo answers as the caller's tenant. */
final class ODataStage implements Stage {

  private static final byte[] NO_BODY = new byte[0];

  @Override
  public GraphReply handle(Exchange exchange, Next next) throws Exception {
    ODataResponse response = exchange.root().handle(exchange.odataRequest(), exchange.caller().tenantId(),
        exchange.ids());
    byte[] body = NO_BODY;
    if (response.getContent() != null) {
      try (InputStream content = response.getContent()) {
        body = content.readAllBytes();
      }
    }
    return new GraphReply(response.getStatusCode(), Headers.of(response.getAllHeaders()), body);
  }
}
