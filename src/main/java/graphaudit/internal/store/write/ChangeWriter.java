package graphaudit.internal.store.write;

import graphaudit.AuditEvent;
import graphaudit.internal.audit.CanonicalEvent;
import graphaudit.internal.audit.EventJson;
import graphaudit.internal.store.log.ChangeLog;
import graphaudit.internal.store.log.LogRecord;
import graphaudit.internal.store.sql.Bodies;
import graphaudit.internal.store.sql.EventRow;
import graphaudit.internal.store.sql.TenantNumbers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The one component that changes stored events: applies {@link Change}s in the writer's open
 * transaction (consecutive inserts as one JDBC batch), keeping the counts with them and, on an embedded
 * store, writing each change's record for the change log, whose lsn is the row's seq. It runs only on
 * the {@link WriteQueue}'s writer thread and refuses any other. Plain JDBC: this is the write hot path.
 * Thread-safe (stateless apart from its collaborators).
 */
final class ChangeWriter {

  private static final String LOCK_ROW = "SELECT seq, activity_date_time, category, activity_type FROM audit_event"
      + " WHERE tenant = ? AND id = ? FOR UPDATE";
  /** Ids looked up per query when a put keeps what exists (bind parameters per statement stay few). */
  private static final int LOOKUP_CHUNK = 100;

  private final Bodies bodies;
  private final ChangeLog log;
  private final TenantNumbers tenants;
  private final String insert;
  private final String update;
  private final boolean copies;

  /** @param copies whether many inserts go as PostgreSQL's COPY ({@link PostgresCopy}) */
  ChangeWriter(Bodies bodies, TenantNumbers tenants, boolean copies) {
    this.copies = copies;
    this.bodies = bodies;
    this.log = bodies.log();
    this.tenants = tenants;
    List<String> columns = new ArrayList<>(List.of("tenant"));
    columns.addAll(EventRow.COLUMNS);
    if (log != null) {
      columns.add(0, "seq");
    } else {
      columns.addAll(EventRow.BODY_COLUMNS);
    }
    this.insert = "INSERT INTO audit_event (" + String.join(", ", columns) + ") VALUES ("
        + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
    List<String> set = new ArrayList<>(columns.subList(columns.indexOf("tenant") + 1, columns.size()));
    if (log != null) {
      set.add(0, "seq");
    }
    this.update = "UPDATE audit_event SET " + set.stream().map(c -> c + " = ?").collect(Collectors.joining(", "))
        + " WHERE seq = ?";
  }

  /** Applies {@code changes} in order, noting their effects; one outcome per change. */
  List<Change.Outcome> apply(Connection connection, Effects effects, List<? extends Change> changes)
      throws SQLException {
    WriteQueue.requireWriterThread();
    List<Change.Outcome> outcomes = new ArrayList<>(changes.size());
    for (int from = 0; from < changes.size(); ) {
      int to = runEnd(changes, from);
      Change first = changes.get(from);
      if (first instanceof Change.Delete delete) {
        outcomes.add(delete(connection, effects, delete));
      } else {
        Change.Put put = (Change.Put) first;
        @SuppressWarnings("unchecked")
        List<Change.Put> puts = (List<Change.Put>) changes.subList(from, to);
        switch (put.ifExists()) {
          case FAIL -> outcomes.addAll(create(connection, effects, puts));
          case KEEP -> outcomes.addAll(keep(connection, effects, puts));
          case REPLACE, OVERWRITE -> outcomes.add(replace(connection, effects, put));
        }
      }
      from = to;
    }
    return outcomes;
  }

  /** The end of the run of changes from {@code from} that one statement batch can apply. */
  private static int runEnd(List<? extends Change> changes, int from) {
    if (!(changes.get(from) instanceof Change.Put first) || first.ifExists() == Change.IfExists.REPLACE
        || first.ifExists() == Change.IfExists.OVERWRITE) {
      return from + 1;
    }
    int to = from + 1;
    while (to < changes.size() && changes.get(to) instanceof Change.Put next && next.ifExists() == first.ifExists()
        && next.tenantId().equals(first.tenantId())) {
      to++;
    }
    return to;
  }

  private List<Change.Outcome> create(Connection connection, Effects effects, List<Change.Put> puts)
      throws SQLException {
    try {
      insert(connection, effects, puts);
    } catch (SQLException e) {
      if (TenantNumbers.isUniqueViolation(e)) {
        throw new DuplicateKeyException(puts.size() == 1 ? puts.get(0).row().event().id() : "(one of the batch)");
      }
      throw e;
    }
    return puts.stream().map(p -> Change.Outcome.CREATED).toList();
  }

  /** Inserts the events not stored yet; compares the others (and repeats within the run) with what is. */
  private List<Change.Outcome> keep(Connection connection, Effects effects, List<Change.Put> puts)
      throws SQLException {
    String tenantId = puts.get(0).tenantId();
    Map<String, AuditEvent> stored = storedEvents(connection, tenantId, puts.stream().map(p -> p.row().event().id())
        .toList());
    Map<String, AuditEvent> inserted = new HashMap<>();
    List<Change.Put> fresh = new ArrayList<>();
    List<Change.Outcome> outcomes = new ArrayList<>(puts.size());
    for (Change.Put put : puts) {
      AuditEvent event = put.row().event();
      AuditEvent existing = stored.containsKey(event.id()) ? stored.get(event.id()) : inserted.get(event.id());
      if (existing == null) {
        inserted.put(event.id(), event);
        fresh.add(put);
        outcomes.add(Change.Outcome.CREATED);
      } else {
        outcomes.add(CanonicalEvent.same(existing, event) ? Change.Outcome.UNCHANGED : Change.Outcome.DIFFERS);
      }
    }
    insert(connection, effects, fresh);
    return outcomes;
  }

  /** The stored events among {@code ids} of the tenant, by id. */
  private Map<String, AuditEvent> storedEvents(Connection connection, String tenantId, List<String> ids)
      throws SQLException {
    Map<String, AuditEvent> stored = new HashMap<>();
    OptionalInt tenant = tenants.find(tenantId);
    if (tenant.isEmpty()) {
      return stored;
    }
    for (int from = 0; from < ids.size(); from += LOOKUP_CHUNK) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + LOOKUP_CHUNK));
      String sql = "SELECT " + bodies.columns() + ", e.id FROM audit_event e WHERE e.tenant = ? AND e.id IN ("
          + chunk.stream().map(i -> "?").collect(Collectors.joining(", ")) + ")";
      try (PreparedStatement select = connection.prepareStatement(sql)) {
        select.setInt(1, tenant.getAsInt());
        for (int i = 0; i < chunk.size(); i++) {
          select.setString(i + 2, chunk.get(i));
        }
        try (ResultSet rs = select.executeQuery()) {
          int idColumn = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            stored.put(rs.getString(idColumn), bodies.read(rs));
          }
        }
      }
    }
    return stored;
  }

  /** The locked row of an event: what its counts are kept under, and where it is. */
  private record StoredRow(long seq, Counts.Key key) {
  }

  private static StoredRow lockRow(Connection connection, int tenant, String id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(LOCK_ROW)) {
      select.setInt(1, tenant);
      select.setString(2, id);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        OffsetDateTime time = rs.getObject(2, OffsetDateTime.class);
        return new StoredRow(rs.getLong(1), new Counts.Key(tenant,
            time.atZoneSameInstant(ZoneOffset.UTC).toLocalDate(), rs.getString(3), rs.getString(4)));
      }
    }
  }

  /** Overwrites the stored row and its collection rows; ABSENT when the id is not stored (unless overwriting). */
  private Change.Outcome replace(Connection connection, Effects effects, Change.Put put) throws SQLException {
    int tenant = tenants.require(put.tenantId());
    StoredRow old = lockRow(connection, tenant, put.row().event().id());
    if (old == null) {
      if (put.ifExists() == Change.IfExists.OVERWRITE) {
        insert(connection, effects, List.of(put));
        return Change.Outcome.CREATED;
      }
      return Change.Outcome.ABSENT;
    }
    NewRow row = put.row();
    long seq = log != null ? lsnFor(put.lsn()) : old.seq();
    try (PreparedStatement statement = connection.prepareStatement(update)) {
      int p = 1;
      if (log != null) {
        statement.setLong(p++, seq);
      }
      p = bindColumns(statement, p, row);
      statement.setLong(p, old.seq());
      statement.executeUpdate();
    }
    CollectionRows.delete(connection, old.seq());
    CollectionRows.insert(connection, List.of(seq), List.of(row.children()));
    effects.counts.add(old.key(), -1);
    effects.counts.add(row.key(tenant), +1);
    record(effects, new LogRecord.Put(seq, put.tenantId(), row.event().id(), row.json(), row.packed()));
    return Change.Outcome.REPLACED;
  }

  private Change.Outcome delete(Connection connection, Effects effects, Change.Delete delete) throws SQLException {
    OptionalInt tenant = tenants.find(delete.tenantId());
    StoredRow old = tenant.isEmpty() ? null : lockRow(connection, tenant.getAsInt(), delete.id());
    if (old == null) {
      return Change.Outcome.ABSENT;
    }
    try (PreparedStatement statement = connection.prepareStatement("DELETE FROM audit_event WHERE seq = ?")) {
      statement.setLong(1, old.seq());
      statement.executeUpdate();
    }
    CollectionRows.delete(connection, old.seq());
    effects.counts.add(old.key(), -1);
    if (log != null) {
      record(effects, new LogRecord.Delete(lsnFor(delete.lsn()), delete.tenantId(), delete.id()));
    }
    return Change.Outcome.DELETED;
  }

  /** Inserts events and their collections: positional JDBC batches, or COPY for many on PostgreSQL. */
  private void insert(Connection connection, Effects effects, List<Change.Put> puts) throws SQLException {
    if (puts.isEmpty()) {
      return;
    }
    int tenant = tenants.require(puts.get(0).tenantId());
    List<Long> seqs = copies && puts.size() >= PostgresCopy.THRESHOLD
        ? PostgresCopy.insert(connection, tenant, puts.stream().map(Change.Put::row).toList())
        : insertRows(connection, tenant, puts);
    for (int i = 0; i < puts.size(); i++) {
      NewRow row = puts.get(i).row();
      effects.counts.add(row.key(tenant), +1);
      record(effects, new LogRecord.Put(seqs.get(i), puts.get(i).tenantId(), row.event().id(), row.json(),
          row.packed()));
    }
  }

  /** Inserts the rows and their collection rows as JDBC batches; their positions, in order. */
  private List<Long> insertRows(Connection connection, int tenant, List<Change.Put> puts) throws SQLException {
    List<Long> seqs = new ArrayList<>(puts.size());
    try (PreparedStatement statement = log != null ? connection.prepareStatement(insert)
        : connection.prepareStatement(insert, new String[] {"seq"})) {
      for (Change.Put put : puts) {
        int p = 1;
        if (log != null) {
          long seq = lsnFor(put.lsn());
          seqs.add(seq);
          statement.setLong(p++, seq);
        }
        statement.setInt(p++, tenant);
        bindColumns(statement, p, put.row());
        statement.addBatch();
      }
      statement.executeBatch();
      if (log == null) {
        try (ResultSet keys = statement.getGeneratedKeys()) {
          while (keys.next()) {
            seqs.add(keys.getLong(1));
          }
        }
      }
    }
    CollectionRows.insert(connection, seqs, puts.stream().map(p -> p.row().children()).toList());
    return seqs;
  }

  /** Binds the row's columns (and its body where the rows hold it) from {@code p}; the next position. */
  private int bindColumns(PreparedStatement statement, int p, NewRow row) throws SQLException {
    for (Object value : row.columns()) {
      statement.setObject(p++, value);
    }
    if (log == null) {
      EventJson json = row.json();
      statement.setBytes(p++, json.utf8());
      statement.setString(p++, json.spansText());
      statement.setString(p++, json.schema());
    }
    return p;
  }

  /** The lsn a change is written at: the one it has (a replay), else a new one. */
  private long lsnFor(long given) {
    return given != 0 ? given : log.newLsn();
  }

  private void record(Effects effects, LogRecord record) {
    if (log != null) {
      effects.records.add(record);
    }
  }
}
