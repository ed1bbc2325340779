package graphaudit.internal.metrics;

import graphaudit.internal.store.write.CommitObserver;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The group commit: writes per batch ({@code graphaudit_store_commit_batch_writes}), how long a write
 * waits for its batch ({@code graphaudit_store_commit_wait_seconds}) and how long a batch takes to run
 * and commit ({@code graphaudit_store_commit_seconds}). Thread-safe.
 */
final class CommitMetrics implements CommitObserver {

  private final DistributionSummary batchSize;
  private final Timer wait;
  private final Timer commit;

  CommitMetrics(MeterRegistry registry) {
    this.batchSize = DistributionSummary.builder("graphaudit.store.commit.batch")
        .description("Writes per group commit").baseUnit("writes")
        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
        .register(registry);
    this.wait = Timer.builder("graphaudit.store.commit.wait")
        .description("Time a write waited in the queue before its group commit started")
        .serviceLevelObjectives(RequestMetrics.BUCKETS)
        .register(registry);
    this.commit = Timer.builder("graphaudit.store.commit")
        .description("Time a group commit took to run its writes and commit")
        .serviceLevelObjectives(RequestMetrics.BUCKETS)
        .register(registry);
  }

  @Override
  public void queued(long nanos) {
    wait.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void committed(int writes, long nanos) {
    batchSize.record(writes);
    commit.record(Duration.ofNanos(nanos));
  }
}
