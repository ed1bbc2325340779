package graphaudit.internal.pipeline;

import graphaudit.internal.compat.GraphQuery;
import graphaudit.internal.compat.GraphRequests;
import graphaudit.internal.compat.QueryLimits;
import graphaudit.internal.odata.Call;
import graphaudit.internal.odata.ServiceRoot;
import graphaudit.internal.request.MediaType;
import graphaudit.internal.request.QueryString;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;

/**
 * A service root's requests ({@code /v1.0/**}, {@code /beta/**}): Graph's leniencies on the way in
 * (path and query forms, see {@link GraphRequests}) and its refusal of a body that is not JSON (415),
 * then Olingo answers as the caller's tenant. Thread-safe.
 */
public final class ODataRoute implements RouteHandler {

  /** The methods each resource under a root allows. */
  public static final MethodRule METHODS = RootMethods.INSTANCE;

  private static final byte[] NO_BODY = new byte[0];

  private final ServiceRoot root;

  public ODataRoute(ServiceRoot root) {
    this.root = root;
  }

  @Override
  public GraphReply answer(Exchange exchange) throws Exception {
    GraphRequest request = exchange.request();
    MediaType contentType = exchange.headers().contentType();
    if (!GraphRequests.isReadableBody(request.method(), contentType)) {
      throw new GraphException(415, "The Content-Type '" + contentType.raw()
          + "' is not supported; send application/json.");
    }
    QueryString query = GraphQuery.normalize(exchange.query());
    QueryLimits.check(query);
    String baseUri = request.origin() + "/" + root.version().segment();
    ODataRequest odata = root.request(new Call(root.version(), exchange.caller().tenantId(), exchange.ids(),
        exchange.headers().preferences(), query));
    try {
      GraphRequests.fill(odata, request.method(), exchange.headers(), baseUri, exchange.rest(), exchange.query(), query,
          new ByteArrayInputStream(exchange.body()));
    } catch (IllegalArgumentException e) { // decoding a key: Jetty refuses these, a batch does not
      throw new GraphException(400, "The URL has a malformed percent-encoding.");
    }
    ODataResponse response = root.handle(odata);
    byte[] body = NO_BODY;
    if (response.getContent() != null) {
      try (InputStream content = response.getContent()) {
        body = content.readAllBytes();
      }
    }
    return new GraphReply(response.getStatusCode(), Headers.of(response.getAllHeaders()), body);
  }
}
