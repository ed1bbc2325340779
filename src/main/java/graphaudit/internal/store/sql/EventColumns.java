package graphaudit.internal.store.sql;

import graphaudit.internal.audit.AuditSchema;
import graphaudit.internal.audit.Property;
import graphaudit.internal.audit.ValueKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The whitelist of filterable and sortable event columns: a scalar property path ({@code category},
 * {@code actor/userPrincipalName}) and the column that holds it. Nothing else reaches SQL text.
 */
public final class EventColumns {

  /** A column of {@code audit_event} (alias {@code e}) and the kind of value it holds. */
  public record Column(String path, String sql, ValueKind kind, boolean nullable) {
  }

  private static final Map<String, Column> BY_PATH = derive();

  private EventColumns() {
  }

  private static Map<String, Column> derive() {
    Map<String, Column> out = new LinkedHashMap<>();
    for (Property p : AuditSchema.AUDIT_EVENT.properties()) {
      if (p.kind() == ValueKind.COMPLEX) {
        for (Property sub : p.complexType().properties()) {
          if (!sub.kind().isCollection() && !sub.kind().isComplex()) {
            String path = p.name() + "/" + sub.name();
            out.put(path, new Column(path, "e." + ColumnNames.of(p.name(), sub.name()), sub.kind(), true));
          }
        }
      } else if (!p.kind().isCollection()) {
        out.put(p.name(), new Column(p.name(), "e." + ColumnNames.of(p.name()), p.kind(), p.nullable()));
      }
    }
    return Map.copyOf(out);
  }

  public static Optional<Column> scalar(String path) {
    return Optional.ofNullable(BY_PATH.get(path));
  }

  public static Column key() {
    return BY_PATH.get(AuditSchema.KEY);
  }
}
