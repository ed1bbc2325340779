package graphaudit.internal.pipeline;

import graphaudit.internal.auth.Caller;
import graphaudit.internal.odata.RequestIds;
import graphaudit.internal.request.QueryString;
import graphaudit.internal.request.RequestHeaders;
import java.util.function.Function;

/**
 * One request on its way through the {@link Pipeline}, and what the gate learned about it: the header
 * fields and query string parsed once, the ids, the route and what its path matched, the body, the
 * caller. What a {@link RouteHandler} reads; only the stages change it. Confined to one thread.
 */
public final class Exchange {

  private GraphRequest request;
  private final RequestHeaders headers;
  private final QueryString query;
  private final Function<GraphRequest, GraphReply> pipeline;
  private RequestIds ids;
  private Route route;
  private PathPattern.Match match;
  private byte[] body;
  private Caller caller;

  Exchange(GraphRequest request, Function<GraphRequest, GraphReply> pipeline) {
    this.request = request;
    this.headers = RequestHeaders.parse(request.headers().all()::get);
    this.query = QueryString.parse(request.query());
    this.pipeline = pipeline;
  }

  /** The request as received (HEAD already read as GET). */
  public GraphRequest request() {
    return request;
  }

  /** Replaces the request (HEAD runs as GET). */
  void request(GraphRequest request) {
    this.request = request;
  }

  public String method() {
    return request.method();
  }

  /** The header fields routes read, parsed within their bounds. */
  public RequestHeaders headers() {
    return headers;
  }

  /** The query string, split and decoded (the gate refused a malformed one). */
  public QueryString query() {
    return query;
  }

  public RequestIds ids() {
    return ids;
  }

  void ids(RequestIds ids) {
    this.ids = ids;
  }

  /** The route the path resolved to. */
  public Route route() {
    return route;
  }

  void route(Route route, PathPattern.Match match) {
    this.route = route;
    this.match = match;
  }

  /** A variable of the route's pattern ({@code {tenant}}), decoded; null when it has none of that name. */
  public String variable(String name) {
    return match.variables().get(name);
  }

  /** The raw path after the route's pattern, for a {@code **} pattern (e.g. {@code /deviceManagement/auditEvents}). */
  public String rest() {
    return match.rest();
  }

  /** The whole body, read within the limit by the gate. */
  public byte[] body() {
    return body;
  }

  void body(byte[] body) {
    this.body = body;
  }

  /** Who the route's access rule identified; null for a route open to anyone. */
  public Caller caller() {
    return caller;
  }

  void caller(Caller caller) {
    this.caller = caller;
  }

  /** The whole pipeline again for a request made inside this one (a batch's), not observed on its own. */
  public GraphReply dispatch(GraphRequest inner) {
    return pipeline.apply(inner);
  }
}
