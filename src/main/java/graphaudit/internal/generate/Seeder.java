package graphaudit.internal.generate;

import graphaudit.AuditEvent;
import graphaudit.internal.store.AuditEventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes {@link EventGenerator}'s events into a tenant through the store's one writer, in batches of
 * {@value #BATCH}, each all or nothing: the seeding of a service started with seed events, of the dev
 * admin request and of the JUnit extension.
 */
public final class Seeder {

  private static final int BATCH = 5_000;

  private final AuditEventStore store;

  public Seeder(AuditEventStore store) {
    this.store = store;
  }

  /**
   * Stores {@code count} events generated with {@code seed} (in {@link EventGenerator#DEFAULT_FROM} to
   * {@link EventGenerator#DEFAULT_TO}) in {@code tenantId}, handing each stored batch to {@code stored}
   * in generation order. The same seed gives the same events, ids included, so seeding one tenant
   * twice with one seed fails with a {@link graphaudit.internal.store.write.DuplicateKeyException}.
   */
  public void seed(String tenantId, long count, long seed, Consumer<List<AuditEvent>> stored) {
    EventGenerator generator = new EventGenerator(seed, EventGenerator.DEFAULT_FROM, EventGenerator.DEFAULT_TO, count);
    for (long written = 0; written < count; ) {
      List<AuditEvent> batch = new ArrayList<>();
      for (; written < count && batch.size() < BATCH; written++) {
        batch.add(generator.next());
      }
      store.createAll(tenantId, batch);
      stored.accept(batch);
    }
  }
}
