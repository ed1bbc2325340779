package graphaudit.store;

import graphaudit.audit.AuditEvent;
import graphaudit.audit.EventJson;
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
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * Audit events per tenant: reads on pooled connections, writes through the group-commit
 * {@link WriteQueue}, so every acknowledged write is in the database file and survives a crash of the
 * process. Thread-safe.
 */
public final class AuditEventStore implements AutoCloseable {

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String SELECT = "SELECT " + EventRow.ALL_COLUMNS.stream().map(c -> "e." + c)
      .collect(Collectors.joining(", ")) + " FROM audit_event e ";
  private static final String INSERT = "INSERT INTO audit_event (tenant_id, "
      + String.join(", ", EventRow.ALL_COLUMNS) + ") VALUES (?, "
      + EventRow.ALL_COLUMNS.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
  private static final String UPDATE = "UPDATE audit_event SET "
      + EventRow.ALL_COLUMNS.stream().filter(c -> !c.equals("id")).map(c -> c + " = :" + c)
          .collect(Collectors.joining(", "))
      + " WHERE tenant_id = :tenant_id AND id = :id";

  private final Database database;
  private final Function<AuditEvent, EventJson> render;
  private final WriteQueue writes;

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
    return writes.write(h -> {
      try {
        insert(h.getConnection(), tenantId, List.of(row));
        return row.event();
      } catch (SQLException e) {
        if (isUniqueViolation(e)) {
          throw new DuplicateKeyException(event.id());
        }
        throw new IllegalStateException("insert failed", e);
      }
    });
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
    writes.write(h -> {
      try {
        insert(h.getConnection(), tenantId, events.rows());
        return null;
      } catch (SQLException e) {
        throw isUniqueViolation(e) ? new DuplicateKeyException("(one of the batch)") : new IllegalStateException(e);
      }
    });
  }

  /** A batch reports the violation on the exception it chains, a single statement on itself. */
  private static boolean isUniqueViolation(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause() != null ? t.getCause()
        : t instanceof SQLException sql ? sql.getNextException() : null) {
      if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** Inserts events and their collections with positional JDBC batches (the write hot path). */
  private static void insert(Connection connection, String tenantId, List<NewRow> rows) throws SQLException {
    List<Long> seqs = new ArrayList<>(rows.size());
    try (PreparedStatement insert = connection.prepareStatement(INSERT, new String[] {"seq"})) {
      for (NewRow row : rows) {
        insert.setString(1, tenantId);
        for (int i = 0; i < row.columns().length; i++) {
          insert.setObject(i + 2, row.columns()[i]);
        }
        insert.addBatch();
      }
      insert.executeBatch();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        while (keys.next()) {
          seqs.add(keys.getLong(1));
        }
      }
    }
    CollectionRows.insert(connection, seqs, rows.stream().map(NewRow::children).toList());
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

  private static Query bind(Query query, List<Object> params) {
    for (int i = 0; i < params.size(); i++) {
      query.bind(i, params.get(i));
    }
    return query;
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
   * other write. Empty when the id does not exist in the tenant.
   */
  public Optional<AuditEvent> update(String tenantId, String id, UnaryOperator<AuditEvent> change) {
    return writes.write(h -> {
      Optional<Long> seq = seqOf(h, tenantId, id);
      if (seq.isEmpty()) {
        return Optional.empty();
      }
      AuditEvent current;
      try {
        current = events(h.getConnection(), Sql.of(SELECT + "WHERE e.seq = ?", seq.get())).get(0);
      } catch (SQLException e) {
        throw new IllegalStateException("read before update failed", e);
      }
      AuditEvent updated = change.apply(current);
      replace(h, tenantId, seq.get(), updated);
      return Optional.of(updated);
    });
  }

  private static Optional<Long> seqOf(Handle h, String tenantId, String id) {
    return h.createQuery("SELECT seq FROM audit_event WHERE tenant_id = :t AND id = :id")
        .bind("t", tenantId).bind("id", id).mapTo(Long.class).findOne();
  }

  /** Overwrites the row {@code seq} and its collection rows with {@code event}. */
  private void replace(Handle h, String tenantId, long seq, AuditEvent event) {
    Map<String, Object> columns = EventRow.toColumns(event, render.apply(event));
    h.createUpdate(UPDATE).bind("tenant_id", tenantId).bindMap(columns).execute();
    for (CollectionTable table : CollectionTable.ALL) {
      h.createUpdate("DELETE FROM " + table.table() + " WHERE event_seq = :seq").bind("seq", seq).execute();
    }
    try {
      CollectionRows.insert(h.getConnection(), seq, event);
    } catch (SQLException e) {
      throw new IllegalStateException("collection insert failed", e);
    }
  }

  /** Deletes the event; false when the id does not exist in the tenant. */
  public boolean delete(String tenantId, String id) {
    return writes.write(h -> h.createUpdate("DELETE FROM audit_event WHERE tenant_id = :t AND id = :id")
        .bind("t", tenantId).bind("id", id).execute() > 0);
  }

  @Override
  public void close() {
    writes.close();
  }
}
