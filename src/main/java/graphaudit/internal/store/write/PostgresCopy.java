package graphaudit.internal.store.write;

import graphaudit.internal.audit.EventJson;
import graphaudit.internal.store.sql.CollectionTable;
import graphaudit.internal.store.sql.EventRow;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Inserts of many events on PostgreSQL as {@code COPY … FROM STDIN} (pgjdbc's {@link CopyManager}), one
 * stream per table, instead of a statement per row: bulk loads ({@code generate}, {@code import}) on a
 * database server. Positions come from the table's sequence, taken for the whole run at once. For the
 * {@link ChangeWriter} only. Stateless.
 */
final class PostgresCopy {

  /** From this many events in one run, COPY beats a JDBC batch. */
  static final int THRESHOLD = 50;

  private static final HexFormat HEX = HexFormat.of();

  private PostgresCopy() {
  }

  /** Inserts the rows of one tenant with their collections; their positions, in order. */
  static List<Long> insert(Connection connection, int tenant, List<NewRow> rows) throws SQLException {
    List<Long> seqs = positions(connection, rows.size());
    StringBuilder csv = new StringBuilder(rows.size() * 2_600);
    List<String> columns = new ArrayList<>(List.of("seq", "tenant"));
    columns.addAll(EventRow.COLUMNS);
    columns.addAll(EventRow.BODY_COLUMNS);
    for (int r = 0; r < rows.size(); r++) {
      NewRow row = rows.get(r);
      csv.append(seqs.get(r)).append(',').append(tenant);
      for (Object value : row.columns()) {
        csv.append(',');
        field(csv, value);
      }
      EventJson json = row.json();
      csv.append(",\\x").append(HEX.formatHex(json.utf8())).append(',');
      field(csv, json.spansText());
      csv.append(',');
      field(csv, json.schema());
      csv.append('\n');
    }
    CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
    copy(copy, "audit_event", columns, csv);
    List<java.util.Map<CollectionTable, List<CollectionRows.Element>>> children =
        rows.stream().map(NewRow::children).toList();
    for (CollectionTable table : CollectionTable.ALL) {
      List<Object[]> values = CollectionRows.values(table, seqs, children);
      if (values.isEmpty()) {
        continue;
      }
      StringBuilder lines = new StringBuilder(values.size() * 64);
      for (Object[] value : values) {
        for (int i = 0; i < value.length; i++) {
          if (i > 0) {
            lines.append(',');
          }
          field(lines, value[i]);
        }
        lines.append('\n');
      }
      copy(copy, table.table(), CollectionRows.columns(table), lines);
    }
    return seqs;
  }

  /** {@code count} new positions from the sequence behind {@code audit_event.seq}. */
  private static List<Long> positions(Connection connection, int count) throws SQLException {
    List<Long> seqs = new ArrayList<>(count);
    try (PreparedStatement next = connection.prepareStatement(
        "SELECT nextval(pg_get_serial_sequence('audit_event', 'seq')) FROM generate_series(1, ?)")) {
      next.setInt(1, count);
      try (ResultSet rs = next.executeQuery()) {
        while (rs.next()) {
          seqs.add(rs.getLong(1));
        }
      }
    }
    return seqs;
  }

  private static void copy(CopyManager copy, String table, List<String> columns, CharSequence csv) throws SQLException {
    try {
      copy.copyIn("COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN (FORMAT csv)",
          new StringReader(csv.toString()));
    } catch (IOException e) {
      throw new SQLException("COPY into " + table + " failed", e);
    }
  }

  /**
   * {@code time} to the microsecond as pgjdbc sends a bound OffsetDateTime (half a microsecond up), so a
   * copied row and the keyset values bound against it agree: PostgreSQL itself rounds half to even.
   */
  private static OffsetDateTime micros(OffsetDateTime time) {
    return (time.getNano() % 1000 >= 500 ? time.plusNanos(1000) : time).truncatedTo(ChronoUnit.MICROS);
  }

  /** One CSV field: nothing for null, text quoted (an empty string is "" then, not null). */
  private static void field(StringBuilder out, Object value) {
    if (value == null) {
      return;
    }
    if (value instanceof Number) {
      out.append(value);
      return;
    }
    String text = value instanceof OffsetDateTime time ? DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(micros(time))
        : value.toString();
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        out.append('"');
      }
      out.append(c);
    }
    out.append('"');
  }
}
