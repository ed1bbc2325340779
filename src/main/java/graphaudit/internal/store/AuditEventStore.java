package graphaudit.internal.store;

import graphaudit.AuditEvent;
import graphaudit.internal.audit.EventJson;
import graphaudit.internal.paging.PageRequest;
import graphaudit.internal.store.log.ChangeLog;
import graphaudit.internal.store.log.LogRecord;
import graphaudit.internal.store.sql.Bodies;
import graphaudit.internal.store.sql.Sql;
import graphaudit.internal.store.sql.SqlDialect;
import graphaudit.internal.store.sql.TenantNumbers;
import graphaudit.internal.store.write.CommitObserver;
import graphaudit.internal.store.write.DuplicateKeyException;
import graphaudit.internal.store.write.EventWriter;
import graphaudit.internal.store.write.ImportResult;
import graphaudit.internal.store.write.PreparedEvents;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Audit events per tenant: reads on pooled connections, writes through the group-commit
 * {@link EventWriter}, so every acknowledged write is durable (in the change log of an embedded store, or
 * committed on a database server) and survives a crash of the process. Thread-safe.
 */
public final class AuditEventStore implements AutoCloseable {

  private final Database database;
  private final Bodies bodies;
  private final TenantNumbers tenants;
  private final EventWriter writer;
  /** {@link #keyOrderHint()}, looked up once (the index's name is H2's choice). */
  private volatile String primaryKeyHint;

  /**
   * @param log     the change log that is the record of an embedded store, or null on a database server
   * @param render  the response JSON stored with each event written
   * @param commits told of each group commit
   */
  public AuditEventStore(Database database, ChangeLog log, Function<AuditEvent, EventJson> render,
      CommitObserver commits) {
    this.database = database;
    this.bodies = new Bodies(log);
    this.tenants = new TenantNumbers(database.dataSource());
    this.writer = new EventWriter(database.dataSource(), database.dialect() == SqlDialect.POSTGRESQL,
        database.afterCommit(), database.fileDirectory(), bodies, tenants, render, commits);
  }

  /** Stores a new event; fails with {@link DuplicateKeyException} if its id exists in the tenant. */
  public AuditEvent create(String tenantId, AuditEvent event) {
    return writer.create(tenantId, event);
  }

  /**
   * Stores many new events in one transaction (bulk loads such as {@code generate}), all or none;
   * durable when it returns.
   */
  public void createAll(String tenantId, List<AuditEvent> events) {
    writer.createAll(tenantId, writer.prepare(events));
  }

  /** Renders and converts events for {@link #createAll(String, PreparedEvents)} on the calling thread. */
  public PreparedEvents prepare(List<AuditEvent> events) {
    return writer.prepare(events);
  }

  /** {@link #createAll(String, List)} of events {@link #prepare}d beforehand. */
  public void createAll(String tenantId, PreparedEvents events) {
    writer.createAll(tenantId, events);
  }

  /**
   * Stores the events whose ids the tenant does not hold yet, in one transaction (all or none),
   * leaving stored ones as they are: idempotent by id. One result per event: whether it was created,
   * already stored identically, or stored with other content (kept).
   */
  public List<ImportResult> importAll(String tenantId, PreparedEvents events) {
    return writer.importAll(tenantId, events);
  }

  /**
   * Applies records of the change log that the tables do not hold yet (its tail, after a crash), in
   * order, as one transaction; the tables then hold the log up to {@code upTo}.
   */
  public void replay(List<LogRecord> records, long upTo) {
    writer.replay(records, upTo);
  }

  /** The last change log lsn the tables hold (0: none, or no log). */
  public long heldLsn() {
    return database.jdbi().withHandle(h -> h.createQuery("SELECT lsn FROM store_position WHERE name = 'log'")
        .mapTo(Long.class).findOne().orElse(0L));
  }

  /**
   * The store's size on disk in bytes: the database's (the embedded index file, or PostgreSQL's figure)
   * and its change log's; -1 when the database's files are not this process's to see.
   */
  public long sizeBytes() {
    long database = this.database.sizeBytes();
    return database < 0 || bodies.log() == null ? database : database + bodies.log().sizeBytes();
  }

  /** How many events are stored, all tenants together, counted by the database. */
  public long totalEvents() {
    return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM audit_event").mapTo(Long.class).one());
  }

  /** How many events are stored, all tenants together, as the counts kept with each write say. */
  public long countedEvents() {
    return database.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(SUM(events), 0) FROM audit_tenant")
        .mapTo(Long.class).one());
  }

  /** The position (seq) the tenant's event {@code id} is stored at, 0 when it is not stored. */
  public long positionOf(String tenantId, String id) {
    OptionalInt tenant = tenants.find(tenantId);
    return tenant.isEmpty() ? 0 : database.jdbi().withHandle(h -> h.createQuery(
        "SELECT seq FROM audit_event WHERE tenant = :t AND id = :id").bind("t", tenant.getAsInt()).bind("id", id)
        .mapTo(Long.class).findOne().orElse(0L));
  }

  /** The lsns between {@code from} and {@code to} (inclusive) at which an event is stored now, ascending. */
  public long[] liveBetween(long from, long to) {
    return database.jdbi().withHandle(h -> h.createQuery("SELECT seq FROM audit_event WHERE seq BETWEEN :f AND :t"
        + " ORDER BY seq").bind("f", from).bind("t", to).mapTo(Long.class).stream().mapToLong(Long::longValue)
        .toArray());
  }

  /**
   * The last change log lsn that the index holds in its file now, so that a crash cannot take it back:
   * the index is checkpointed first. Log records up to it are never replayed again.
   */
  public long durableLsn() {
    long held = heldLsn(); // first: what commits after it may not be in the checkpoint
    writer.checkpoint();
    return held;
  }

  /** The tenants holding events: retention walks them one at a time, each along its time index. */
  public List<String> tenants() {
    return database.jdbi().withHandle(h -> h.createQuery("SELECT tenant_id FROM audit_tenant WHERE events > 0"
        + " ORDER BY num").mapTo(String.class).list());
  }

  /**
   * Deletes up to {@code limit} of the tenant's events whose activityDateTime is before {@code cutoff},
   * in one transaction; returns how many. Retention calls it until it returns less than the limit.
   */
  public int purgeOlderThan(String tenantId, Instant cutoff, int limit) {
    return writer.purgeOlderThan(tenantId, cutoff, limit);
  }

  public Optional<AuditEvent> get(String tenantId, String id) {
    OptionalInt tenant = tenants.find(tenantId);
    if (tenant.isEmpty()) {
      return Optional.empty();
    }
    return events(Sql.of(select() + "WHERE e.tenant = ? AND e.id = ?", tenant.getAsInt(), id)).stream().findFirst();
  }

  private String select() {
    return "SELECT " + bodies.columns() + " FROM audit_event e ";
  }

  /** The page {@code request} asks for; empty for a tenant that holds no events. */
  public List<AuditEvent> page(PageRequest request) {
    return pageSql(request).map(this::events).orElse(List.of());
  }

  /** The position of the last event stored, 0 when none is: {@link #scan} walks the positions up to it. */
  public long lastPosition() {
    return database.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM audit_event")
        .mapTo(Long.class).one());
  }

  /**
   * The tenant's events matching {@code where} stored at positions after {@code after} up to
   * {@code upTo}, in the order they were stored. It walks the table in its own key order, so each page of
   * the file is read once, and ranges of positions can be read side by side.
   */
  public List<AuditEvent> scan(String tenantId, Sql where, long after, long upTo) {
    OptionalInt tenant = tenants.find(tenantId);
    if (tenant.isEmpty()) {
      return List.of();
    }
    Sql sql = Sql.of("e.tenant = ? AND e.seq > ? AND e.seq <= ?", tenant.getAsInt(), after, upTo)
        .join(" AND ", where.wrap("(", ")"))
        .wrap(select().replace(" FROM audit_event e ", " FROM audit_event e" + keyOrderHint() + " WHERE "),
            " ORDER BY e.seq");
    return events(sql);
  }

  /**
   * H2's hint to walk {@code audit_event} by its primary key: its planner prefers any index starting
   * with the tenant, then fetches every row of the tenant and sorts them for each page. PostgreSQL's
   * planner walks the key by itself.
   */
  private String keyOrderHint() {
    String hint = primaryKeyHint;
    if (hint == null) {
      hint = database.dialect() == SqlDialect.POSTGRESQL ? "" : database.jdbi().withHandle(h -> h.createQuery(
          "SELECT index_name FROM information_schema.indexes WHERE table_name = 'AUDIT_EVENT'"
              + " AND index_type_name = 'PRIMARY KEY'").mapTo(String.class).findOne())
          .map(name -> " USE INDEX (\"" + name + "\")").orElse("");
      primaryKeyHint = hint;
    }
    return hint;
  }

  /** The events a SELECT of {@link Bodies#columns()} finds, on a pooled connection. */
  private List<AuditEvent> events(Sql select) {
    try (Connection connection = database.connection()) {
      return bodies.events(connection, select);
    } catch (SQLException e) {
      throw queryFailed(select, e);
    }
  }

  /** A data exception is the client's values ({@link UnanswerableQueryException}); anything else ours. */
  private static RuntimeException queryFailed(Sql sql, SQLException e) {
    UnanswerableQueryException refused = UnanswerableQueryException.of(e);
    return refused != null ? refused : new IllegalStateException("query failed: " + sql.text(), e);
  }

  /** The SELECT of {@link #page}; empty for a tenant that holds no events. */
  Optional<Sql> pageSql(PageRequest request) {
    OptionalInt tenant = tenants.find(request.tenantId());
    return tenant.isEmpty() ? Optional.empty() : Optional.of(Sql.of("e.tenant = ?", tenant.getAsInt())
        .join(" AND ", request.condition())
        .wrap(select() + "WHERE ", " ORDER BY e.tenant, " + request.orderBy() + request.limits()));
  }

  /**
   * How many of the tenant's events match {@code where}: with no condition, the count kept as events are
   * written, a lookup whatever the store's size.
   */
  public long count(String tenantId, Sql where) {
    OptionalInt tenant = tenants.find(tenantId);
    if (tenant.isEmpty()) {
      return 0;
    }
    Sql count = where.equals(Sql.TRUE) ? Sql.of("SELECT events FROM audit_tenant WHERE num = ?", tenant.getAsInt())
        : Sql.of("e.tenant = ?", tenant.getAsInt()).join(" AND ", where.wrap("(", ")"))
            .wrap("SELECT COUNT(*) FROM audit_event e WHERE ", "");
    try (Connection connection = database.connection(); PreparedStatement statement = count.prepare(connection);
         ResultSet rs = statement.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      throw queryFailed(count, e);
    }
  }

  /** The {@code n} tenants holding the most events, most first (ties by tenant id), with their counts. */
  public List<Map.Entry<String, Long>> largestTenants(int n) {
    return database.jdbi().withHandle(h -> h.createQuery("SELECT tenant_id, events FROM audit_tenant WHERE events > 0"
        + " ORDER BY events DESC, tenant_id LIMIT :n").bind("n", n)
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2))).list());
  }

  /**
   * How many of the tenant's events match {@code where}, per UTC day (and hour, with {@code byHour})
   * and category, at most {@code limit} groups, in time order. Unfiltered by day, from the counts kept
   * as events are written.
   */
  public List<Bucket> histogram(String tenantId, Sql where, boolean byHour, int limit) {
    OptionalInt tenant = tenants.find(tenantId);
    if (tenant.isEmpty()) {
      return List.of();
    }
    Sql sql;
    if (!byHour && where.equals(Sql.TRUE)) {
      sql = Sql.of("SELECT utc_day, 0, category, SUM(events) FROM audit_day WHERE tenant = ?"
          + " GROUP BY utc_day, category HAVING SUM(events) > 0 ORDER BY 1, 3 LIMIT " + limit, tenant.getAsInt());
    } else {
      String utc = "(e.activity_date_time AT TIME ZONE 'UTC')";
      String day = "CAST(" + utc + " AS DATE)";
      String hour = "EXTRACT(HOUR FROM " + utc + ")";
      String keys = byHour ? day + ", " + hour : day;
      sql = Sql.of("e.tenant = ?", tenant.getAsInt()).join(" AND ", where.wrap("(", ")"))
          .wrap("SELECT " + day + ", " + (byHour ? hour : "0") + ", e.category, COUNT(*) FROM audit_event e WHERE ",
              " GROUP BY " + keys + ", e.category ORDER BY " + (byHour ? "1, 2, 3" : "1, 3") + " LIMIT " + limit);
    }
    try (Connection connection = database.connection(); PreparedStatement statement = sql.prepare(connection);
         ResultSet rs = statement.executeQuery()) {
      List<Bucket> buckets = new ArrayList<>();
      while (rs.next()) {
        buckets.add(new Bucket(rs.getObject(1, LocalDate.class).atTime(rs.getInt(2), 0)
            .toInstant(ZoneOffset.UTC), rs.getString(3), rs.getLong(4)));
      }
      return buckets;
    } catch (SQLException e) {
      throw queryFailed(sql, e);
    }
  }

  /** Events of one category in the day or hour starting at {@code start}. */
  public record Bucket(Instant start, String category, long count) {
  }

  public SqlDialect dialect() {
    return database.dialect();
  }

  private static <S extends SqlStatement<S>> S bind(S statement, List<Object> params) {
    for (int i = 0; i < params.size(); i++) {
      statement.bind(i, params.get(i));
    }
    return statement;
  }

  /**
   * One page of the tenant's distinct categories, sorted (getAuditCategories): {@code skip} values
   * skipped, at most {@code top} returned. From the counts kept per category and activity type.
   */
  public List<String> categories(String tenantId, long skip, int top) {
    return distinct("category", Sql.TRUE, tenantId, skip, top);
  }

  /** One page of the tenant's distinct activity types within a category, sorted (getAuditActivityTypes). */
  public List<String> activityTypes(String tenantId, String category, long skip, int top) {
    return distinct("activity_type", category(category), tenantId, skip, top);
  }

  public long countCategories(String tenantId) {
    return distinct("category", Sql.TRUE, tenantId, 0, Integer.MAX_VALUE).size();
  }

  public long countActivityTypes(String tenantId, String category) {
    return distinct("activity_type", category(category), tenantId, 0, Integer.MAX_VALUE).size();
  }

  private static Sql category(String category) {
    return category == null ? Sql.of("category IS NULL") : Sql.of("category = ?", category);
  }

  /** {@code column} is one of this class's literals, never client text. */
  private List<String> distinct(String column, Sql where, String tenantId, long skip, int top) {
    OptionalInt tenant = tenants.find(tenantId);
    if (tenant.isEmpty()) {
      return List.of();
    }
    Sql sql = Sql.of("SELECT " + column + " FROM audit_kind WHERE tenant = ?", tenant.getAsInt()).join(" AND ", where)
        .join("", Sql.of(" AND " + column + " IS NOT NULL GROUP BY " + column + " HAVING SUM(events) > 0 ORDER BY "
            + column + (top == Integer.MAX_VALUE ? "" : " LIMIT " + top) + (skip > 0 ? " OFFSET " + skip : "")));
    return database.jdbi().withHandle(h -> bind(h.createQuery(sql.text()), sql.params()).mapTo(String.class).list());
  }

  /**
   * Replaces the stored event by {@code change} applied to it, atomically with respect to every
   * other write (the row is locked: also against other instances sharing a PostgreSQL database).
   * Empty when the id does not exist in the tenant.
   */
  public Optional<AuditEvent> update(String tenantId, String id, UnaryOperator<AuditEvent> change) {
    return writer.update(tenantId, id, change);
  }

  /** Deletes the event; false when the id does not exist in the tenant. */
  public boolean delete(String tenantId, String id) {
    return writer.delete(tenantId, id);
  }

  /**
   * Deletes every event of {@code tenantId}, or of every tenant when it is null, through the one write
   * path in batches; returns how many were deleted.
   */
  public long deleteAll(String tenantId) {
    return writer.deleteAll(tenantId);
  }

  @Override
  public void close() {
    writer.close();
  }
}
