package graphaudit.internal.metrics;

import graphaudit.internal.pipeline.Exchange;
import graphaudit.internal.pipeline.GraphReply;
import graphaudit.internal.pipeline.Headers;
import graphaudit.internal.pipeline.RequestObserver;
import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.write.CommitObserver;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The service's Micrometer registry and {@code GET /metrics}, its Prometheus text: requests
 * ({@link RequestMetrics}), group commits ({@link CommitMetrics}) and the store ({@link StoreGauges}).
 * Its route is open like {@code /health}, or, given a metrics token, asks for that. Thread-safe.
 */
final class PrometheusMetrics implements ServiceMetrics {

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RequestMetrics requests = new RequestMetrics(registry);
  private final CommitMetrics commits = new CommitMetrics(registry);
  private volatile StoreGauges store;

  @Override
  public void watch(AuditEventStore eventStore) {
    this.store = new StoreGauges(registry, eventStore);
  }

  @Override
  public RequestObserver requests() {
    return requests;
  }

  @Override
  public CommitObserver commits() {
    return commits;
  }

  @Override
  public GraphReply answer(Exchange exchange) {
    if (store != null) {
      store.refresh();
    }
    return new GraphReply(200, Headers.of(Map.of("Content-Type", List.of(PROMETHEUS_TEXT))),
        registry.scrape().getBytes(StandardCharsets.UTF_8));
  }
}
