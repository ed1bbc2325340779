package graphaudit.internal.metrics;

import graphaudit.internal.pipeline.GraphReply;
import graphaudit.internal.pipeline.GraphRequest;
import graphaudit.internal.pipeline.RequestObserver;
import graphaudit.internal.request.Operation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code graphaudit_requests_seconds}: every answered request by root, operation and status, with a
 * latency histogram of fixed buckets (the time in the service, without an emulated delay); and
 * {@code graphaudit_emulated_latency_seconds}, the delays the latency emulation added. The labels come from {@link Operation}, so the series stay few
 * whatever ids clients use. Thread-safe.
 */
final class RequestMetrics implements RequestObserver {

  /** Latency buckets: from a cached GET by id (well under 1 ms) to a slow query. */
  static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
      Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private record Key(String root, String operation, int status) {
  }

  private record DelayKey(String root, String operation) {
  }

  private final MeterRegistry registry;
  /** Micrometer's own lookup builds an id per call; this keeps the hot path to one map get. */
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();
  private final Map<DelayKey, Timer> delays = new ConcurrentHashMap<>();

  RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void answered(GraphRequest request, GraphReply reply, long nanos) {
    Key key = new Key(Operation.root(request.path()), Operation.of(request.method(), request.path()), reply.status());
    timers.computeIfAbsent(key, this::timer).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** {@code graphaudit_emulated_latency_seconds}: the delays the latency emulation gave. */
  @Override
  public void delayed(GraphRequest request, long nanos) {
    DelayKey key = new DelayKey(Operation.root(request.path()), Operation.of(request.method(), request.path()));
    delays.computeIfAbsent(key, k -> Timer.builder("graphaudit.emulated.latency")
        .description("Delays added by the latency emulation (--latency), by service root and operation")
        .tag("root", k.root()).tag("operation", k.operation())
        .serviceLevelObjectives(BUCKETS)
        .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(Key key) {
    return Timer.builder("graphaudit.requests")
        .description("Requests answered, by service root, operation and status")
        .tag("root", key.root()).tag("operation", key.operation()).tag("status", Integer.toString(key.status()))
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }
}
