package graphaudit.internal.store;

import graphaudit.AuditEvent;
import graphaudit.internal.audit.EventJson;
import java.nio.file.Path;
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
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Audit events per tenant: reads on pooled connections, writes through the group-commit
 * {@link WriteQueue}, so every acknowledged write is in the database file and survives a crash of the
 * process. Thread-safe.
 */
public final class AuditEventStore implements AutoCloseable {

  static final String SELECT = "SELECT " + EventRow.ALL_COLUMNS.stream().map(c -> "e." + c)
      .collect(Collectors.joining(", ")) + " FROM audit_event e ";

  private final Database database;
  private final Function<AuditEvent, EventJson> render;
  private final WriteQueue writes;
  /** {@link #keyOrderHint()}, looked up once (the index's name is H2's choice). */
  private volatile String primaryKeyHint;

  /** @param render the response JSON stored with each event written */
  public AuditEventStore(Database database, Function<AuditEvent, EventJson> render) {
    this(database, render, CommitObserver.NONE);
  }

  /** @param commits told of each group commit */
  public AuditEventStore(Database database, Function<AuditEvent, EventJson> render, CommitObserver commits) {
    this.database = database;
    this.render = render;
    Path directory = database.fileDirectory();
    this.writes = new WriteQueue(database,
        directory == null ? null : new DiskSpace(directory, DiskSpace.DEFAULT_RESERVE_BYTES), commits);
  }

  /** Stores a new event; fails with {@link DuplicateKeyException} if its id exists in the tenant. */
  public AuditEvent create(String tenantId, AuditEvent event) {
    NewRow row = NewRow.of(event, render); // here, not on the single writer thread
    apply(List.of(new Change.Put(tenantId, row, Change.IfExists.FAIL)));
    return row.event();
  }

  /**
   * Stores many new events in one transaction (bulk loads such as {@code generate}), all or none;
   * durable when it returns.
   */
  public void createAll(String tenantId, List<AuditEvent> events) {
    createAll(tenantId, prepare(events));
  }

  /** Renders and converts events for {@link #createAll(String, PreparedEvents)} on the calling thread. */
  public PreparedEvents prepare(List<AuditEvent> events) {
    return new PreparedEvents(events.stream().map(e -> NewRow.of(e, render)).toList());
  }

  /** {@link #createAll(String, List)} of events {@link #prepare}d beforehand. */
  public void createAll(String tenantId, PreparedEvents events) {
    apply(events.rows().stream().map(r -> (Change) new Change.Put(tenantId, r, Change.IfExists.FAIL)).toList());
  }

  /**
   * Stores the events whose ids the tenant does not hold yet, in one transaction (all or none),
   * leaving stored ones as they are: idempotent by id. One result per event: whether it was created,
   * already stored identically, or stored with other content (kept).
   */
  public List<ImportResult> importAll(String tenantId, PreparedEvents events) {
    return apply(events.rows().stream().map(r -> (Change) new Change.Put(tenantId, r, Change.IfExists.KEEP)).toList())
        .stream().map(o -> switch (o) {
          case CREATED -> ImportResult.CREATED;
          case UNCHANGED -> ImportResult.UNCHANGED;
          default -> ImportResult.DIFFERS;
        }).toList();
  }

  /** What {@link #importAll} did with one event. */
  public enum ImportResult { CREATED, UNCHANGED, DIFFERS }

  /** The tenants holding events: retention walks them one at a time, each along its time index. */
  public List<String> tenants() {
    return database.jdbi().withHandle(h -> h.createQuery("SELECT DISTINCT tenant_id FROM audit_event")
        .mapTo(String.class).list());
  }

  /**
   * Deletes up to {@code limit} of the tenant's events whose activityDateTime is before {@code cutoff},
   * in one transaction; returns how many. Retention calls it until it returns less than the limit.
   * Per tenant because every time index starts with the tenant: across tenants each batch scanned
   * the whole table.
   */
  public int purgeOlderThan(String tenantId, Instant cutoff, int limit) {
    return writes.write(h -> {
      try {
        List<Change> deletes = new ArrayList<>();
        try (PreparedStatement select = h.getConnection().prepareStatement("SELECT id FROM audit_event"
            + " WHERE tenant_id = ? AND activity_date_time < ? LIMIT " + limit)) {
          select.setString(1, tenantId);
          select.setObject(2, cutoff.atOffset(ZoneOffset.UTC));
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              deletes.add(new Change.Delete(tenantId, rs.getString(1)));
            }
          }
        }
        return (int) ChangeWriter.apply(h.getConnection(), deletes).stream()
            .filter(o -> o == Change.Outcome.DELETED).count();
      } catch (SQLException e) {
        throw new IllegalStateException("purge failed", e);
      }
    });
  }

  /** Applies changes as one write of the group-commit writer, all or none. */
  private List<Change.Outcome> apply(List<Change> changes) {
    return writes.write(h -> {
      try {
        return ChangeWriter.apply(h.getConnection(), changes);
      } catch (SQLException e) {
        throw new IllegalStateException("write failed", e);
      }
    });
  }

  public Optional<AuditEvent> get(String tenantId, String id) {
    return events(Sql.of(SELECT + "WHERE e.tenant_id = ? AND e.id = ?", tenantId, id)).stream().findFirst();
  }

  /**
   * One page of the tenant's events matching {@code where}, in {@code order} (which ends with
   * {@link SortKey#ID}), after the row whose sort values are {@code after} (null: from the start,
   * skipping {@code skip} rows). {@code fixed} are columns {@code where} holds to one value.
   */
  public List<AuditEvent> page(String tenantId, Sql where, List<SortKey> order, List<EventColumns.Column> fixed,
      List<Object> after, long skip, int limit) {
    return events(pageSql(tenantId, where, order, fixed, after, skip, limit));
  }

  /** The position of the last event stored, 0 when none is: {@link #scan} walks the positions up to it. */
  public long lastPosition() {
    return database.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM audit_event")
        .mapTo(Long.class).one());
  }

  /**
   * The tenant's events matching {@code where} stored at positions after {@code after} up to
   * {@code upTo}, in the order they were stored. It walks the table in its own key order, so each page of
   * the file is read once (by time, a bulk read fetched a file page per event: 10,000 events/s), and
   * ranges of positions can be read side by side.
   */
  public List<AuditEvent> scan(String tenantId, Sql where, long after, long upTo) {
    Sql sql = Sql.of("e.tenant_id = ? AND e.seq > ? AND e.seq <= ?", tenantId, after, upTo)
        .join(" AND ", where.wrap("(", ")"))
        .wrap(SELECT.replace(" FROM audit_event e ", " FROM audit_event e" + keyOrderHint() + " WHERE "),
            " ORDER BY e.seq");
    return events(sql);
  }

  /**
   * H2's hint to walk {@code audit_event} by its primary key: its planner prefers any index starting
   * with tenant_id, then fetches every row of the tenant and sorts them for each page. PostgreSQL's
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

  /** The events a SELECT of {@link EventRow#ALL_COLUMNS} finds, on a pooled connection. */
  private List<AuditEvent> events(Sql select) {
    try (Connection connection = database.connection()) {
      return events(connection, select);
    } catch (SQLException e) {
      throw queryFailed(select, e);
    }
  }

  /** A data exception is the client's values ({@link UnanswerableQueryException}); anything else ours. */
  private static RuntimeException queryFailed(Sql sql, SQLException e) {
    UnanswerableQueryException refused = UnanswerableQueryException.of(e);
    return refused != null ? refused : new IllegalStateException("query failed: " + sql.text(), e);
  }

  /**
   * Plain JDBC, as on the write path: the reads answer most requests and Jdbi's per-statement set-up
   * was ~10 % of a page request.
   */
  private static List<AuditEvent> events(Connection connection, Sql select) throws SQLException {
    try (PreparedStatement statement = prepare(connection, select)) {
      List<AuditEvent> rows = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          rows.add(EventRow.fromRow(rs));
        }
      }
      return rows;
    }
  }

  /** {@code sql} prepared with its parameters bound by position. */
  private static PreparedStatement prepare(Connection connection, Sql sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql.text());
    try {
      for (int i = 0; i < sql.params().size(); i++) {
        statement.setObject(i + 1, sql.params().get(i));
      }
      return statement;
    } catch (SQLException e) {
      statement.close();
      throw e;
    }
  }

  /** The database's plan for {@link #page}, to check which index serves a query shape. */
  public String explainPage(String tenantId, Sql where, List<SortKey> order, List<EventColumns.Column> fixed,
      List<Object> after, int limit) {
    Sql sql = pageSql(tenantId, where, order, fixed, after, 0, limit);
    return database.jdbi().withHandle(h -> String.join("\n", bind(h.createQuery("EXPLAIN " + sql.text()),
        sql.params()).mapTo(String.class).list()));
  }

  private static Sql pageSql(String tenantId, Sql where, List<SortKey> order, List<EventColumns.Column> fixed,
      List<Object> after, long skip, int limit) {
    Sql condition = Sql.of("e.tenant_id = ?", tenantId).join(" AND ", where.wrap("(", ")"));
    if (after != null) {
      condition = condition.join(" AND ", Keyset.after(order, after));
    }
    // Columns fixed to one value lead the ORDER BY without changing it, so that an index starting
    // with them (tenant_id, category, …) is recognised as already sorted and the scan stops at LIMIT.
    String orderBy = Stream.concat(Stream.concat(Stream.of("e.tenant_id"), fixed.stream().map(EventColumns.Column::sql)),
        order.stream().map(SortKey::orderBy)).collect(Collectors.joining(", "));
    return condition.wrap(SELECT + "WHERE ", " ORDER BY " + orderBy + " LIMIT " + limit
        + (skip > 0 ? " OFFSET " + skip : ""));
  }

  /** How many of the tenant's events match {@code where}. */
  public long count(String tenantId, Sql where) {
    Sql count = Sql.of("e.tenant_id = ?", tenantId).join(" AND ", where.wrap("(", ")"))
        .wrap("SELECT COUNT(*) FROM audit_event e WHERE ", "");
    try (Connection connection = database.connection(); PreparedStatement statement = prepare(connection, count)) {
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw queryFailed(count, e);
    }
  }

  /** The {@code n} tenants holding the most events, most first (ties by tenant id), with their counts. */
  public List<Map.Entry<String, Long>> largestTenants(int n) {
    return database.jdbi().withHandle(h -> h.createQuery("SELECT tenant_id, COUNT(*) AS events FROM audit_event "
        + "GROUP BY tenant_id ORDER BY events DESC, tenant_id LIMIT :n").bind("n", n)
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2))).list());
  }

  /**
   * How many of the tenant's events match {@code where}, per UTC day (and hour, with {@code byHour})
   * and category, at most {@code limit} groups, in time order.
   */
  public List<Bucket> histogram(String tenantId, Sql where, boolean byHour, int limit) {
    String utc = "(e.activity_date_time AT TIME ZONE 'UTC')";
    String day = "CAST(" + utc + " AS DATE)";
    String hour = "EXTRACT(HOUR FROM " + utc + ")";
    String keys = byHour ? day + ", " + hour : day;
    Sql sql = Sql.of("e.tenant_id = ?", tenantId).join(" AND ", where.wrap("(", ")"))
        .wrap("SELECT " + day + ", " + (byHour ? hour : "0") + ", e.category, COUNT(*) FROM audit_event e WHERE ",
            " GROUP BY " + keys + ", e.category ORDER BY " + (byHour ? "1, 2, 3" : "1, 3") + " LIMIT " + limit);
    try (Connection connection = database.connection(); PreparedStatement statement = prepare(connection, sql);
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
   * skipped, at most {@code top} returned.
   */
  public List<String> categories(String tenantId, long skip, int top) {
    return distinct("category", Sql.TRUE, tenantId, skip, top);
  }

  /** One page of the tenant's distinct activity types within a category, sorted (getAuditActivityTypes). */
  public List<String> activityTypes(String tenantId, String category, long skip, int top) {
    return distinct("activity_type", category(category), tenantId, skip, top);
  }

  public long countCategories(String tenantId) {
    return countDistinct("category", Sql.TRUE, tenantId);
  }

  public long countActivityTypes(String tenantId, String category) {
    return countDistinct("activity_type", category(category), tenantId);
  }

  private static Sql category(String category) {
    return category == null ? Sql.of("e.category IS NULL") : Sql.of("e.category = ?", category);
  }

  /** {@code column} is one of this class's literals, never client text. */
  private List<String> distinct(String column, Sql where, String tenantId, long skip, int top) {
    Sql sql = Sql.of("SELECT DISTINCT e." + column + " FROM audit_event e WHERE e.tenant_id = ?", tenantId)
        .join(" AND ", where).join("", Sql.of(" AND e." + column + " IS NOT NULL ORDER BY e." + column
            + " LIMIT " + top + " OFFSET " + skip));
    return database.jdbi().withHandle(h -> bind(h.createQuery(sql.text()), sql.params()).mapTo(String.class).list());
  }

  private long countDistinct(String column, Sql where, String tenantId) {
    Sql sql = Sql.of("SELECT COUNT(DISTINCT e." + column + ") FROM audit_event e WHERE e.tenant_id = ?", tenantId)
        .join(" AND ", where);
    return database.jdbi().withHandle(h -> bind(h.createQuery(sql.text()), sql.params()).mapTo(Long.class).one());
  }

  /**
   * Replaces the stored event by {@code change} applied to it, atomically with respect to every
   * other write (the row is locked: also against other instances sharing a PostgreSQL database).
   * Empty when the id does not exist in the tenant.
   */
  public Optional<AuditEvent> update(String tenantId, String id, UnaryOperator<AuditEvent> change) {
    return writes.write(h -> {
      try {
        Connection connection = h.getConnection();
        Long seq = ChangeWriter.seqOf(connection, tenantId, id);
        if (seq == null) {
          return Optional.empty();
        }
        AuditEvent current = events(connection, Sql.of(SELECT + "WHERE e.seq = ?", seq)).get(0);
        NewRow row = NewRow.of(change.apply(current), render);
        ChangeWriter.apply(connection, List.of(new Change.Put(tenantId, row, Change.IfExists.REPLACE)));
        return Optional.of(row.event());
      } catch (SQLException e) {
        throw new IllegalStateException("update failed", e);
      }
    });
  }

  /** Deletes the event; false when the id does not exist in the tenant. */
  public boolean delete(String tenantId, String id) {
    return apply(List.of(new Change.Delete(tenantId, id))).get(0) == Change.Outcome.DELETED;
  }

  /**
   * Deletes every event of {@code tenantId}, or of every tenant when it is null, through the one write
   * path in transactions of {@value #RESET_BATCH} events (a reset of a large store neither holds the
   * writer long nor builds one huge undo log); returns how many were deleted.
   */
  public long deleteAll(String tenantId) {
    long deleted = 0;
    for (int round; (round = deleteSome(tenantId)) > 0; ) {
      deleted += round;
    }
    return deleted;
  }

  private int deleteSome(String tenantId) {
    return writes.write(h -> {
      try {
        List<Change> deletes = new ArrayList<>();
        try (PreparedStatement select = h.getConnection().prepareStatement("SELECT tenant_id, id FROM audit_event"
            + (tenantId == null ? "" : " WHERE tenant_id = ?") + " ORDER BY seq LIMIT " + RESET_BATCH)) {
          if (tenantId != null) {
            select.setString(1, tenantId);
          }
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              deletes.add(new Change.Delete(rs.getString(1), rs.getString(2)));
            }
          }
        }
        return (int) ChangeWriter.apply(h.getConnection(), deletes).stream()
            .filter(o -> o == Change.Outcome.DELETED).count();
      } catch (SQLException e) {
        throw new IllegalStateException("reset failed", e);
      }
    });
  }

  private static final int RESET_BATCH = 10_000;

  @Override
  public void close() {
    writes.close();
  }
}
