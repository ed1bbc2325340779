package graphaudit.internal.metrics;

import graphaudit.internal.pipeline.GraphException;
import graphaudit.internal.pipeline.GraphReply;
import graphaudit.internal.pipeline.GraphRequest;
import graphaudit.internal.pipeline.Headers;
import graphaudit.internal.pipeline.LocalRoute;
import graphaudit.internal.pipeline.RequestObserver;
import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.CommitObserver;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;

/**
 * The service's Micrometer registry and {@code GET /metrics}, its Prometheus text: requests
 * ({@link RequestMetrics}), group commits ({@link CommitMetrics}) and the store ({@link StoreGauges}).
 * Open like {@code /health}, or, given a token, only to {@code Authorization: Bearer <token>}.
 * Thread-safe.
 */
public final class ServiceMetrics implements LocalRoute {

  static final String PATH = "/metrics";
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final RequestMetrics requests = new RequestMetrics(registry);
  private final CommitMetrics commits = new CommitMetrics(registry);
  private final byte[] token;
  private volatile StoreGauges store;

  /** @param token the bearer token {@code /metrics} asks for, or null for none */
  public ServiceMetrics(String token) {
    this.token = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  /** Starts reporting on the store, once it is open. */
  public void watch(AuditEventStore eventStore) {
    this.store = new StoreGauges(registry, eventStore);
  }

  public RequestObserver requests() {
    return requests;
  }

  public CommitObserver commits() {
    return commits;
  }

  @Override
  public boolean serves(String path) {
    return path.equals(PATH);
  }

  @Override
  public GraphReply answer(GraphRequest request, byte[] body) {
    if (!request.method().equals("GET")) {
      throw new GraphException(405, "The HTTP method '" + request.method() + "' is not allowed here; use GET.",
          Map.of("Allow", "GET"));
    }
    if (token != null && !authorized(request.headers().first("Authorization"))) {
      throw new GraphException(401, "/metrics needs 'Authorization: Bearer <the --metrics-token>'.",
          Map.of("WWW-Authenticate", "Bearer"));
    }
    if (store != null) {
      store.refresh();
    }
    return new GraphReply(200, Headers.of(Map.of("Content-Type", List.of(PROMETHEUS_TEXT))),
        registry.scrape().getBytes(StandardCharsets.UTF_8));
  }

  /** Compared in constant time: the token is a secret. */
  private boolean authorized(String authorization) {
    return authorization != null
        && MessageDigest.isEqual(token, authorization.trim().getBytes(StandardCharsets.UTF_8));
  }
}
