package graphaudit.store;

import graphaudit.audit.AuditEvent;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Audit events per tenant: reads on pooled connections, writes through the group-commit
 * {@link WriteQueue} so every acknowledged write is on disk. Thread-safe.
 */
public final class AuditEventStore implements AutoCloseable {

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String SELECT = "SELECT " + String.join(", ", EventRow.COLUMNS) + " FROM audit_event ";
  private static final String INSERT = "INSERT INTO audit_event (tenant_id, "
      + String.join(", ", EventRow.COLUMNS) + ") VALUES (:tenant_id, "
      + EventRow.COLUMNS.stream().map(c -> ":" + c).collect(Collectors.joining(", ")) + ")";
  private static final String UPDATE = "UPDATE audit_event SET "
      + EventRow.COLUMNS.stream().filter(c -> !c.equals("id")).map(c -> c + " = :" + c)
          .collect(Collectors.joining(", "))
      + " WHERE tenant_id = :tenant_id AND id = :id";
  private static final String INSERT_ITEM =
      "INSERT INTO audit_event_item (event_seq, path, item, val) VALUES (?, ?, ?, ?)";

  private final Database database;
  private final WriteQueue writes;

  public AuditEventStore(Database database) {
    this.database = database;
    this.writes = new WriteQueue(database);
  }

  /** Stores a new event; fails with {@link DuplicateKeyException} if its id exists in the tenant. */
  public AuditEvent create(String tenantId, AuditEvent event) {
    return writes.write(h -> {
      try {
        long seq = h.createUpdate(INSERT).bind("tenant_id", tenantId).bindMap(EventRow.toColumns(event))
            .executeAndReturnGeneratedKeys("seq").mapTo(Long.class).one();
        insertItems(h, seq, event);
        return event;
      } catch (UnableToExecuteStatementException e) {
        if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
          throw new DuplicateKeyException(event.id());
        }
        throw e;
      }
    });
  }

  public Optional<AuditEvent> get(String tenantId, String id) {
    return database.jdbi().withHandle(h -> h.createQuery(SELECT + "WHERE tenant_id = :t AND id = :id")
        .bind("t", tenantId).bind("id", id).map((rs, ctx) -> EventRow.fromRow(rs)).findOne());
  }

  /** Up to {@code limit} events ordered by id, after {@code afterId} when it is not null. */
  public List<AuditEvent> page(String tenantId, String afterId, int limit) {
    return database.jdbi().withHandle(h -> h.createQuery(SELECT + "WHERE tenant_id = :t"
            + (afterId == null ? "" : " AND id > :after") + " ORDER BY id LIMIT :limit")
        .bind("t", tenantId).bind("after", afterId).bind("limit", limit)
        .map((rs, ctx) -> EventRow.fromRow(rs)).list());
  }

  public long count(String tenantId) {
    return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM audit_event WHERE tenant_id = :t")
        .bind("t", tenantId).mapTo(Long.class).one());
  }

  /** The tenant's distinct categories, sorted (getAuditCategories). */
  public List<String> categories(String tenantId) {
    return database.jdbi().withHandle(h -> h.createQuery("SELECT DISTINCT category FROM audit_event "
            + "WHERE tenant_id = :t AND category IS NOT NULL ORDER BY category")
        .bind("t", tenantId).mapTo(String.class).list());
  }

  /** The tenant's distinct activity types within a category, sorted (getAuditActivityTypes). */
  public List<String> activityTypes(String tenantId, String category) {
    return database.jdbi().withHandle(h -> h.createQuery("SELECT DISTINCT activity_type FROM audit_event "
            + "WHERE tenant_id = :t AND category = :c AND activity_type IS NOT NULL ORDER BY activity_type")
        .bind("t", tenantId).bind("c", category).mapTo(String.class).list());
  }

  /**
   * Replaces the stored event by {@code change} applied to it, atomically with respect to every
   * other write. Empty when the id does not exist in the tenant.
   */
  public Optional<AuditEvent> update(String tenantId, String id, UnaryOperator<AuditEvent> change) {
    return writes.write(h -> {
      Optional<Long> seq = h.createQuery("SELECT seq FROM audit_event WHERE tenant_id = :t AND id = :id")
          .bind("t", tenantId).bind("id", id).mapTo(Long.class).findOne();
      if (seq.isEmpty()) {
        return Optional.empty();
      }
      AuditEvent current = h.createQuery(SELECT + "WHERE seq = :seq").bind("seq", seq.get())
          .map((rs, ctx) -> EventRow.fromRow(rs)).one();
      AuditEvent updated = change.apply(current);
      Map<String, Object> columns = EventRow.toColumns(updated);
      h.createUpdate(UPDATE).bind("tenant_id", tenantId).bindMap(columns).execute();
      h.createUpdate("DELETE FROM audit_event_item WHERE event_seq = :seq").bind("seq", seq.get()).execute();
      insertItems(h, seq.get(), updated);
      return Optional.of(updated);
    });
  }

  /** Deletes the event; false when the id does not exist in the tenant. */
  public boolean delete(String tenantId, String id) {
    return writes.write(h -> h.createUpdate("DELETE FROM audit_event WHERE tenant_id = :t AND id = :id")
        .bind("t", tenantId).bind("id", id).execute() > 0);
  }

  private static void insertItems(Handle h, long seq, AuditEvent event) {
    List<CollectionItems.Item> items = CollectionItems.of(event);
    if (items.isEmpty()) {
      return;
    }
    PreparedBatch batch = h.prepareBatch(INSERT_ITEM);
    for (CollectionItems.Item item : items) {
      batch.add(seq, item.path(), item.item(), item.value());
    }
    batch.execute();
  }

  @Override
  public void close() {
    writes.close();
  }
}
