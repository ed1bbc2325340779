package graphaudit.internal.pipeline;

import graphaudit.internal.audit.ApiVersion;
import graphaudit.internal.auth.AccessControl;
import graphaudit.internal.odata.ServiceRoot;
import graphaudit.internal.store.AuditEventStore;
import java.util.List;
import java.util.Map;

/**
 * Every request's way through the service, in order: request ids, HEAD as GET, CORS, the one error
 * mapping, body and head limits, route (health, admin, roots, {@code $batch}), identity, throttling
 * and faults, Graph's normalisation, OData. A batch's requests re-enter it from the start. Servlet-free; the HTTP
 * adapter only converts to and from {@link GraphRequest} and {@link GraphReply}. Thread-safe.
 */
public final class Pipeline {

  private final List<Stage> stages;
  private final RequestObserver observer;

  /** What the viewer and the metrics add: paths of their own, and an observer of every answer. */
  public record Extensions(List<LocalRoute> routes, RequestObserver observer) {
    public Extensions {
      routes = List.copyOf(routes);
    }
  }

  /**
   * @param maxHeadBytes request line plus headers, beyond which 414/431
   * @param maxBodyBytes body, beyond which 413
   * @param corsOrigins  origins allowed cross-origin access ({@code *}: any)
   * @param emulation    the throttling and faults, switchable while serving
   * @param store        what the dev-mode admin requests reset, seed and import into
   * @param devMode      whether the admin requests are served
   * @param extensions   the viewer's and the metrics' routes, and who is told of each answer
   */
  public Pipeline(Map<ApiVersion, ServiceRoot> roots, AccessControl access, int maxHeadBytes, long maxBodyBytes,
      Emulation emulation, List<String> corsOrigins, AuditEventStore store, boolean devMode, Extensions extensions) {
    this.observer = extensions.observer();
    this.stages = List.of(
        new RequestIdStage(),
        new HeadStage(),
        new CorsStage(corsOrigins, path -> extensions.routes().stream().anyMatch(r -> r.serves(path))),
        new ErrorStage(),
        new LimitStage(maxHeadBytes, maxBodyBytes),
        new RouteStage(roots, new JsonBatch(this::handleItem, access), new EmulationAdmin(emulation, access, devMode),
            new DataAdmin(store, access, devMode), extensions.routes()),
        new IdentityStage(access),
        new EmulationStage(emulation),
        new NormaliseStage(),
        new ODataStage());
  }

  /**
   * The reply to {@code request} and the tenant it was answered for; the observer is told. Never
   * throws, every failure is a Graph error reply.
   */
  public Handled handle(GraphRequest request) {
    long start = System.nanoTime();
    Exchange exchange = new Exchange(request);
    GraphReply reply = runAll(exchange);
    observer.answered(request, reply, System.nanoTime() - start);
    return new Handled(reply, exchange.caller() == null ? null : exchange.caller().tenantId());
  }

  /** A batch's item: the whole pipeline again, not observed on its own (its batch is). */
  private GraphReply handleItem(GraphRequest request) {
    return runAll(new Exchange(request));
  }

  private GraphReply runAll(Exchange exchange) {
    try {
      return run(exchange, 0);
    } catch (Exception e) {
      throw new IllegalStateException("the error stage answers every failure", e);
    }
  }

  private GraphReply run(Exchange exchange, int index) throws Exception {
    return stages.get(index).handle(exchange, () -> run(exchange, index + 1));
  }
}
