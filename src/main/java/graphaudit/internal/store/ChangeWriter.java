package graphaudit.internal.store;

import graphaudit.AuditEvent;
import graphaudit.internal.audit.CanonicalEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one component that changes stored events: applies {@link Change}s in the writer's open
 * transaction, consecutive inserts and deletes as one JDBC batch each. It runs only on the
 * {@link WriteQueue}'s writer thread (and refuses any other), which is what keeps the embedded H2 file
 * crash-consistent. Plain JDBC: this is the write hot path. Stateless.
 */
final class ChangeWriter {

  private static final String UNIQUE_VIOLATION = "23505";
  private static final String INSERT = "INSERT INTO audit_event (tenant_id, "
      + String.join(", ", EventRow.ALL_COLUMNS) + ") VALUES (?, "
      + EventRow.ALL_COLUMNS.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
  private static final String UPDATE = "UPDATE audit_event SET "
      + EventRow.ALL_COLUMNS.stream().filter(c -> !c.equals("id")).map(c -> c + " = ?")
          .collect(Collectors.joining(", ")) + " WHERE seq = ?";
  private static final String DELETE = "DELETE FROM audit_event WHERE tenant_id = ? AND id = ?";
  /** Ids looked up per query when a put keeps what exists (bind parameters per statement stay few). */
  private static final int LOOKUP_CHUNK = 100;

  private ChangeWriter() {
  }

  /** Applies {@code changes} in order; one outcome per change. */
  static List<Change.Outcome> apply(Connection connection, List<? extends Change> changes) throws SQLException {
    WriteQueue.requireWriterThread();
    List<Change.Outcome> outcomes = new ArrayList<>(changes.size());
    for (int from = 0; from < changes.size(); ) {
      int to = runEnd(changes, from);
      List<? extends Change> run = changes.subList(from, to);
      if (run.get(0) instanceof Change.Delete) {
        outcomes.addAll(delete(connection, run));
      } else {
        Change.Put put = (Change.Put) run.get(0);
        @SuppressWarnings("unchecked")
        List<Change.Put> puts = (List<Change.Put>) run;
        switch (put.ifExists()) {
          case FAIL -> outcomes.addAll(create(connection, puts));
          case KEEP -> outcomes.addAll(keep(connection, puts));
          case REPLACE -> outcomes.add(replace(connection, put));
        }
      }
      from = to;
    }
    return outcomes;
  }

  /** The end of the run of changes from {@code from} that one statement batch can apply. */
  private static int runEnd(List<? extends Change> changes, int from) {
    Change first = changes.get(from);
    if (first instanceof Change.Put put && put.ifExists() == Change.IfExists.REPLACE) {
      return from + 1;
    }
    int to = from + 1;
    while (to < changes.size() && sameRun(first, changes.get(to))) {
      to++;
    }
    return to;
  }

  private static boolean sameRun(Change first, Change next) {
    if (!first.tenantId().equals(next.tenantId())) {
      return false;
    }
    if (first instanceof Change.Delete) {
      return next instanceof Change.Delete;
    }
    return next instanceof Change.Put put && put.ifExists() == ((Change.Put) first).ifExists();
  }

  private static List<Change.Outcome> create(Connection connection, List<Change.Put> puts) throws SQLException {
    try {
      insert(connection, puts.get(0).tenantId(), puts.stream().map(Change.Put::row).toList());
    } catch (SQLException e) {
      if (isUniqueViolation(e)) {
        throw new DuplicateKeyException(puts.size() == 1 ? puts.get(0).row().event().id() : "(one of the batch)");
      }
      throw e;
    }
    return puts.stream().map(p -> Change.Outcome.CREATED).toList();
  }

  /** Inserts the events not stored yet; compares the others (and repeats within the run) with what is. */
  private static List<Change.Outcome> keep(Connection connection, List<Change.Put> puts) throws SQLException {
    String tenantId = puts.get(0).tenantId();
    Set<String> stored = storedIds(connection, tenantId, puts.stream().map(p -> p.row().event().id()).toList());
    Map<String, AuditEvent> inserted = new HashMap<>();
    List<NewRow> rows = new ArrayList<>();
    List<Change.Outcome> outcomes = new ArrayList<>(puts.size());
    for (Change.Put put : puts) {
      AuditEvent event = put.row().event();
      AuditEvent existing = stored.contains(event.id()) ? read(connection, tenantId, event.id()) : inserted.get(event.id());
      if (existing == null) {
        inserted.put(event.id(), event);
        rows.add(put.row());
        outcomes.add(Change.Outcome.CREATED);
      } else {
        outcomes.add(CanonicalEvent.same(existing, event) ? Change.Outcome.UNCHANGED : Change.Outcome.DIFFERS);
      }
    }
    insert(connection, tenantId, rows);
    return outcomes;
  }

  private static Set<String> storedIds(Connection connection, String tenantId, List<String> ids) throws SQLException {
    Set<String> stored = new HashSet<>();
    for (int from = 0; from < ids.size(); from += LOOKUP_CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + LOOKUP_CHUNK));
      String sql = "SELECT id FROM audit_event WHERE tenant_id = ? AND id IN ("
          + chunk.stream().map(i -> "?").collect(Collectors.joining(", ")) + ")";
      try (PreparedStatement select = connection.prepareStatement(sql)) {
        select.setString(1, tenantId);
        for (int i = 0; i < chunk.size(); i++) {
          select.setString(i + 2, chunk.get(i));
        }
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            stored.add(rs.getString(1));
          }
        }
      }
    }
    return stored;
  }

  private static AuditEvent read(Connection connection, String tenantId, String id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(AuditEventStore.SELECT
        + "WHERE e.tenant_id = ? AND e.id = ?")) {
      select.setString(1, tenantId);
      select.setString(2, id);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? EventRow.fromRow(rs) : null;
      }
    }
  }

  /** Overwrites the stored row and its collection rows; ABSENT when the id is not stored. */
  private static Change.Outcome replace(Connection connection, Change.Put put) throws SQLException {
    Long seq = seqOf(connection, put.tenantId(), put.row().event().id());
    if (seq == null) {
      return Change.Outcome.ABSENT;
    }
    Object[] columns = put.row().columns();
    try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
      int p = 1;
      for (int i = 0; i < columns.length; i++) {
        if (i != EventRow.ID_INDEX) {
          update.setObject(p++, columns[i]);
        }
      }
      update.setLong(p, seq);
      update.executeUpdate();
    }
    for (CollectionTable table : CollectionTable.ALL) {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table.table()
          + " WHERE event_seq = ?")) {
        delete.setLong(1, seq);
        delete.executeUpdate();
      }
    }
    CollectionRows.insert(connection, List.of(seq), List.of(put.row().children()));
    return Change.Outcome.REPLACED;
  }

  /** The row of {@code id}, locked against other writers until the transaction ends (other instances on PostgreSQL). */
  static Long seqOf(Connection connection, String tenantId, String id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT seq FROM audit_event WHERE tenant_id = ? AND id = ? FOR UPDATE")) {
      select.setString(1, tenantId);
      select.setString(2, id);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  private static List<Change.Outcome> delete(Connection connection, List<? extends Change> deletes) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
      for (Change change : deletes) {
        delete.setString(1, change.tenantId());
        delete.setString(2, ((Change.Delete) change).id());
        delete.addBatch();
      }
      int[] counts = delete.executeBatch();
      List<Change.Outcome> outcomes = new ArrayList<>(counts.length);
      for (int count : counts) {
        outcomes.add(count > 0 ? Change.Outcome.DELETED : Change.Outcome.ABSENT);
      }
      return outcomes;
    }
  }

  /** Inserts events and their collections with positional JDBC batches. */
  private static void insert(Connection connection, String tenantId, List<NewRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
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
}
