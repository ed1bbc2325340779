package graphaudit.internal.metrics;

import graphaudit.internal.pipeline.Exchange;
import graphaudit.internal.pipeline.GraphException;
import graphaudit.internal.pipeline.GraphReply;
import graphaudit.internal.pipeline.RequestObserver;
import graphaudit.internal.pipeline.RouteHandler;
import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.write.CommitObserver;

/**
 * What the service tells {@code /metrics} (its handler): each answered request, each group commit and
 * the store. Micrometer's Prometheus registry is an optional dependency (the runnable jar has it, a
 * library user's test class path need not): without it nothing is counted and {@code /metrics} is a
 * 404 that names the dependency. Implementations are thread-safe.
 */
public interface ServiceMetrics extends RouteHandler {

  /** Told of every answered request. */
  RequestObserver requests();

  /** Told of every group commit. */
  CommitObserver commits();

  /** Starts reporting on the store, once it is open. */
  void watch(AuditEventStore store);

  /** Prometheus metrics when Micrometer's registry is on the class path, else none. */
  static ServiceMetrics create() {
    try {
      Class.forName("io.micrometer.prometheusmetrics.PrometheusMeterRegistry", false,
          ServiceMetrics.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      return new Absent();
    }
    return new PrometheusMetrics();
  }

  /** No registry on the class path. */
  final class Absent implements ServiceMetrics {

    @Override
    public RequestObserver requests() {
      return (request, reply, nanos) -> { };
    }

    @Override
    public CommitObserver commits() {
      return CommitObserver.NONE;
    }

    @Override
    public void watch(AuditEventStore store) {
    }

    @Override
    public GraphReply answer(Exchange exchange) {
      throw new GraphException(404, "/metrics needs Micrometer's Prometheus registry on the class path "
          + "(io.micrometer:micrometer-registry-prometheus); the runnable jar has it.");
    }
  }
}
