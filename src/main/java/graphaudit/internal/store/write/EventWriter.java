package graphaudit.internal.store.write;

import graphaudit.AuditEvent;
import graphaudit.internal.audit.EventJson;
import graphaudit.internal.store.log.LogRecord;
import graphaudit.internal.store.sql.Bodies;
import graphaudit.internal.store.sql.Sql;
import graphaudit.internal.store.sql.TenantNumbers;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Every change to the stored events, as {@link Change}s through the one group-commit {@link WriteQueue}:
 * a write returns when it is durable (in the change log of an embedded store, or committed on a
 * database server). Events are rendered and turned into rows on the calling thread, not the writer's.
 * Thread-safe.
 */
public final class EventWriter implements AutoCloseable {

  private static final int RESET_BATCH = 10_000;

  private final Function<AuditEvent, EventJson> render;
  private final Bodies bodies;
  private final TenantNumbers tenants;
  private final WriteQueue writes;

  /**
   * @param postgres    whether the database is PostgreSQL (bulk writes use its COPY)
   * @param afterCommit run after each batch's commit (an H2 server's CHECKPOINT), or null
   * @param directory   the directory of the database's files, which must keep free space, or null
   * @param render      the response JSON stored with each event written
   * @param commits     told of each group commit
   */
  public EventWriter(DataSource dataSource, boolean postgres, Runnable afterCommit, Path directory, Bodies bodies,
      TenantNumbers tenants, Function<AuditEvent, EventJson> render, CommitObserver commits) {
    this.render = render;
    this.bodies = bodies;
    this.tenants = tenants;
    this.writes = new WriteQueue(dataSource, new ChangeWriter(bodies, tenants, postgres), bodies.log(), afterCommit,
        directory == null ? null : new DiskSpace(directory, DiskSpace.DEFAULT_RESERVE_BYTES), commits);
  }

  /** The row of {@code event}, rendered (and packed for the log) on the calling thread. */
  private NewRow newRow(AuditEvent event) {
    return NewRow.of(event, render, bodies.log() != null);
  }

  /** Stores a new event; fails with {@link DuplicateKeyException} if its id exists in the tenant. */
  public AuditEvent create(String tenantId, AuditEvent event) {
    NewRow row = newRow(event); // here, not on the single writer thread
    apply(List.of(new Change.Put(tenantId, row, Change.IfExists.FAIL)));
    return row.event();
  }

  /** Renders and converts events for {@link #createAll} on the calling thread. */
  public PreparedEvents prepare(List<AuditEvent> events) {
    return new PreparedEvents(events.stream().map(this::newRow).toList());
  }

  /** Stores new events in one transaction, all or none; durable when it returns. */
  public void createAll(String tenantId, PreparedEvents events) {
    apply(events.rows().stream().map(r -> (Change) new Change.Put(tenantId, r, Change.IfExists.FAIL)).toList());
  }

  /**
   * Stores the events whose ids the tenant does not hold yet, in one transaction (all or none),
   * leaving stored ones as they are: idempotent by id. One result per event.
   */
  public List<ImportResult> importAll(String tenantId, PreparedEvents events) {
    return apply(events.rows().stream().map(r -> (Change) new Change.Put(tenantId, r, Change.IfExists.KEEP)).toList())
        .stream().map(o -> switch (o) {
          case CREATED -> ImportResult.CREATED;
          case UNCHANGED -> ImportResult.UNCHANGED;
          default -> ImportResult.DIFFERS;
        }).toList();
  }

  /**
   * Applies records of the change log that the tables do not hold yet (its tail, after a crash), in
   * order, as one transaction; the tables then hold the log up to {@code upTo}.
   */
  public void replay(List<LogRecord> records, long upTo) {
    writes.replay(batch -> {
      List<Change> changes = new ArrayList<>(records.size());
      for (LogRecord record : records) {
        changes.add(record instanceof LogRecord.Put put
            ? new Change.Put(put.tenantId(), NewRow.replayed(put, render),
                Change.IfExists.OVERWRITE, put.lsn())
            : new Change.Delete(record.tenantId(), record.id(), record.lsn()));
      }
      batch.apply(changes);
      WriteQueue.position(batch.connection(), upTo);
      return null;
    });
  }

  /** Writes the index's pages to its file, between the writer's batches. */
  public void checkpoint() {
    writes.checkpoint();
  }

  /**
   * Deletes up to {@code limit} of the tenant's events whose activityDateTime is before {@code cutoff},
   * in one transaction; returns how many.
   */
  public int purgeOlderThan(String tenantId, Instant cutoff, int limit) {
    OptionalInt tenant = tenants.find(tenantId);
    if (tenant.isEmpty()) {
      return 0;
    }
    return writes.write(batch -> {
      List<Change> deletes = new ArrayList<>();
      try (PreparedStatement select = batch.connection().prepareStatement("SELECT id FROM audit_event"
          + " WHERE tenant = ? AND activity_date_time < ? LIMIT " + limit)) {
        select.setInt(1, tenant.getAsInt());
        select.setObject(2, cutoff.atOffset(ZoneOffset.UTC));
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            deletes.add(new Change.Delete(tenantId, rs.getString(1)));
          }
        }
      }
      return (int) batch.apply(deletes).stream().filter(o -> o == Change.Outcome.DELETED).count();
    });
  }

  /**
   * Replaces the stored event by {@code change} applied to it, atomically with respect to every
   * other write (the row is locked: also against other instances sharing a PostgreSQL database).
   * Empty when the id does not exist in the tenant.
   */
  public Optional<AuditEvent> update(String tenantId, String id, UnaryOperator<AuditEvent> change) {
    OptionalInt tenant = tenants.find(tenantId);
    if (tenant.isEmpty()) {
      return Optional.empty();
    }
    return writes.write(batch -> {
      List<AuditEvent> current = bodies.events(batch.connection(), Sql.of("SELECT " + bodies.columns()
          + " FROM audit_event e WHERE e.tenant = ? AND e.id = ? FOR UPDATE", tenant.getAsInt(), id));
      if (current.isEmpty()) {
        return Optional.empty();
      }
      NewRow row = newRow(change.apply(current.get(0)));
      batch.apply(List.of(new Change.Put(tenantId, row, Change.IfExists.REPLACE)));
      return Optional.of(row.event());
    });
  }

  /** Deletes the event; false when the id does not exist in the tenant. */
  public boolean delete(String tenantId, String id) {
    return apply(List.of(new Change.Delete(tenantId, id))).get(0) == Change.Outcome.DELETED;
  }

  /**
   * Deletes every event of {@code tenantId}, or of every tenant when it is null, in transactions of
   * {@value #RESET_BATCH} events (a reset of a large store neither holds the writer long nor builds
   * one huge undo log); returns how many were deleted.
   */
  public long deleteAll(String tenantId) {
    long deleted = 0;
    for (int round; (round = deleteSome(tenantId)) > 0; ) {
      deleted += round;
    }
    return deleted;
  }

  private int deleteSome(String tenantId) {
    OptionalInt tenant = tenantId == null ? OptionalInt.empty() : tenants.find(tenantId);
    if (tenantId != null && tenant.isEmpty()) {
      return 0;
    }
    return writes.write(batch -> {
      List<Change> deletes = new ArrayList<>();
      try (PreparedStatement select = batch.connection().prepareStatement("SELECT t.tenant_id, e.id FROM audit_event e"
          + " JOIN audit_tenant t ON t.num = e.tenant" + (tenantId == null ? "" : " WHERE e.tenant = ?")
          + " ORDER BY e.seq LIMIT " + RESET_BATCH)) {
        if (tenantId != null) {
          select.setInt(1, tenant.getAsInt());
        }
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            deletes.add(new Change.Delete(rs.getString(1), rs.getString(2)));
          }
        }
      }
      return (int) batch.apply(deletes).stream().filter(o -> o == Change.Outcome.DELETED).count();
    });
  }

  /** Applies changes as one write of the group-commit writer, all or none. */
  private List<Change.Outcome> apply(List<Change> changes) {
    return writes.write(batch -> batch.apply(changes));
  }

  @Override
  public void close() {
    writes.close();
  }
}
