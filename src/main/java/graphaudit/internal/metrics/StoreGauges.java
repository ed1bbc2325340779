package graphaudit.internal.metrics;

import graphaudit.internal.store.AuditEventStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;

/**
 * What the store holds: {@code graphaudit_database_size_bytes}, and the events of the {@link #TOP}
 * largest tenants as {@code graphaudit_tenant_events{rank="1"…"10"}}: a label per rank, never per
 * tenant id, so the series stay ten however many tenants write. {@link #refresh()} reads the counts
 * the store keeps per tenant right before a scrape. Thread-safe.
 */
final class StoreGauges {

  static final int TOP = 10;

  private final AuditEventStore store;
  private volatile List<Map.Entry<String, Long>> largest = List.of();

  StoreGauges(MeterRegistry registry, AuditEventStore store) {
    this.store = store;
    Gauge.builder("graphaudit.database.size", store, AuditEventStore::sizeBytes)
        .description("Size of the store on disk, its change log included (-1: not visible to this process)")
        .baseUnit("bytes").register(registry);
    for (int rank = 1; rank <= TOP; rank++) {
      int index = rank - 1;
      Gauge.builder("graphaudit.tenant.events", this, g -> g.events(index))
          .description("Events held by the tenant of this rank (1: the most); 0 when fewer tenants")
          .tag("rank", Integer.toString(rank))
          .register(registry);
    }
  }

  void refresh() {
    largest = store.largestTenants(TOP);
  }

  private double events(int index) {
    List<Map.Entry<String, Long>> now = largest;
    return index < now.size() ? now.get(index).getValue() : 0;
  }
}
