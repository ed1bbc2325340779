package graphaudit.internal.pipeline;

import graphaudit.internal.auth.AccessControl;
import java.util.List;

/**
 * Every request's way through the service, in order: request ids, the route (one lookup in the
 * {@link RouteTable}), HEAD as GET where GET is allowed, CORS, the one error mapping, then the gate —
 * the request's form (sizes, header bounds, query escapes, the body read within its limit), the
 * route's methods, its access rule, throttling and faults where the route emulates them — and last
 * the route's handler. A batch's requests re-enter it from the start. Servlet-free; the HTTP adapter only converts to and from
 * {@link GraphRequest} and {@link GraphReply}. Thread-safe.
 */
public final class Pipeline {

  private final List<Stage> stages;
  private final RequestObserver observer;
  private final Delays delays;

  /**
   * What the gate needs beyond the routes.
   *
   * @param maxHeadBytes request line plus headers, beyond which 414/431
   * @param maxBodyBytes body, beyond which 413
   * @param corsOrigins  origins allowed cross-origin access ({@code *}: any)
   * @param devMode      whether dev-only routes are served
   * @param loopback     whether every listener is on a loopback interface (for routes served only there)
   */
  public record Gate(int maxHeadBytes, long maxBodyBytes, List<String> corsOrigins, boolean devMode, boolean loopback) {
    public Gate {
      corsOrigins = List.copyOf(corsOrigins);
    }
  }

  /**
   * @param admission what throttles and injects faults on emulated routes
   * @param delays    how long to hold replies back on routes that are {@link Route#delayed()}
   * @param observer  who is told of each answer (not of a batch's items)
   */
  public Pipeline(RouteTable routes, Gate gate, AccessControl access, Admission admission, Delays delays,
      RequestObserver observer) {
    this.observer = observer;
    this.delays = delays;
    this.stages = List.of(
        new RequestIdStage(),
        new RouteStage(routes),
        new HeadStage(),
        new CorsStage(gate.corsOrigins()),
        new ErrorStage(),
        new LimitStage(gate.maxHeadBytes(), gate.maxBodyBytes()),
        new MethodStage(),
        new AccessStage(access, gate.devMode(), gate.loopback()),
        new EmulationStage(admission),
        (exchange, next) -> exchange.route().handler().answer(exchange));
  }

  /**
   * The reply to {@code request}, the tenant it was answered for and its emulated delay; the observer
   * is told. Never throws, every failure is a Graph error reply.
   */
  public Handled handle(GraphRequest request) {
    long start = System.nanoTime();
    Exchange exchange = new Exchange(request, this::handleItem);
    GraphReply reply = runAll(exchange);
    observer.answered(request, reply, System.nanoTime() - start);
    long delay = exchange.route() != null && exchange.route().delayed() ? delays.nanos(request) : 0;
    if (delay > 0) {
      observer.delayed(request, delay);
    }
    return new Handled(reply, exchange.caller() == null ? null : exchange.caller().tenantId(), delay);
  }

  /** A request made inside another (a batch's): the whole pipeline again, not observed on its own. */
  private GraphReply handleItem(GraphRequest request) {
    return runAll(new Exchange(request, this::handleItem));
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
