package graphaudit.pipeline;

import graphaudit.audit.ApiVersion;
import graphaudit.auth.AccessControl;
import graphaudit.odata.ServiceRoot;
import graphaudit.store.AuditEventStore;
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

  /**
   * @param maxHeadBytes request line plus headers, beyond which 414/431
   * @param maxBodyBytes body, beyond which 413
   * @param corsOrigins  origins allowed cross-origin access ({@code *}: any)
   * @param emulation    the throttling and faults, switchable while serving
   * @param store        what the dev-mode admin requests reset and seed
   * @param devMode      whether the admin requests are served
   */
  public Pipeline(Map<ApiVersion, ServiceRoot> roots, AccessControl access, int maxHeadBytes, long maxBodyBytes,
      Emulation emulation, List<String> corsOrigins, AuditEventStore store, boolean devMode) {
    this.stages = List.of(
        new RequestIdStage(),
        new HeadStage(),
        new CorsStage(corsOrigins),
        new ErrorStage(),
        new LimitStage(maxHeadBytes, maxBodyBytes),
        new RouteStage(roots, new JsonBatch(this::handle, access), new EmulationAdmin(emulation, access, devMode),
            new DataAdmin(store, access, devMode)),
        new IdentityStage(access),
        new EmulationStage(emulation),
        new NormaliseStage(),
        new ODataStage());
  }

  /** The reply to {@code request}; never throws, every failure is a Graph error reply. */
  public GraphReply handle(GraphRequest request) {
    Exchange exchange = new Exchange(request);
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
