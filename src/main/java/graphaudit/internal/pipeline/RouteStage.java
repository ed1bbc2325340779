package graphaudit.internal.pipeline;

import graphaudit.internal.audit.ApiVersion;
import graphaudit.internal.compat.GraphRequests;
import graphaudit.internal.odata.ServiceRoot;
import java.util.List;
import java.util.Map;

/**
 * Where a request goes: {@code /health}, the admin requests and the {@link LocalRoute}s
 * (viewer, metrics) are answered here, a
 * {@code $batch} under a root goes to {@link JsonBatch}, anything else under {@code /v1.0} or
 * {@code /beta} (in any case) goes on; other paths are a 404, methods Olingo cannot route a 405.
 */
final class RouteStage implements Stage {

  private static final byte[] HEALTHY = "{\"status\":\"Healthy\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private final Map<ApiVersion, ServiceRoot> roots;
  private final JsonBatch batch;
  private final EmulationAdmin admin;
  private final DataAdmin data;
  private final List<LocalRoute> localRoutes;

  RouteStage(Map<ApiVersion, ServiceRoot> roots, JsonBatch batch, EmulationAdmin admin, DataAdmin data,
      List<LocalRoute> localRoutes) {
    this.roots = Map.copyOf(roots);
    this.batch = batch;
    this.admin = admin;
    this.data = data;
    this.localRoutes = List.copyOf(localRoutes);
  }

  @Override
  public GraphReply handle(Exchange exchange, Next next) throws Exception {
    String path = exchange.request().path();
    if (path.equalsIgnoreCase("/health")) {
      return GraphReply.json(200, HEALTHY);
    }
    if (path.equalsIgnoreCase(EmulationAdmin.PATH)) {
      return admin.handle(exchange);
    }
    if (DataAdmin.handles(path)) {
      return data.handle(exchange);
    }
    for (LocalRoute route : localRoutes) {
      if (route.serves(path)) {
        return route.answer(exchange.request(), exchange.body());
      }
    }
    int slash = path.indexOf('/', 1);
    String rootSegment = slash < 0 ? path.substring(1) : path.substring(1, slash);
    ServiceRoot root = ApiVersion.fromSegment(rootSegment).map(roots::get)
        .orElseThrow(() -> new GraphException(404, "Resource not found for the segment '" + rootSegment + "'."));
    String pathInRoot = slash < 0 ? "" : path.substring(slash);
    exchange.root(root, pathInRoot);
    if (JsonBatch.isBatchPath(pathInRoot)) {
      return batch.handle(exchange);
    }
    if (!GraphRequests.METHODS.contains(exchange.method())) {
      throw new GraphException(405, "The HTTP method '" + exchange.method() + "' is not allowed.");
    }
    return next.proceed();
  }
}
