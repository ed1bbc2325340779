package graphaudit.internal.store.sql;

import graphaudit.internal.audit.AuditSchema;
import graphaudit.internal.audit.Property;
import graphaudit.internal.audit.StructuredType;
import graphaudit.internal.audit.ValueKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The child table of one collection property, derived from {@link AuditSchema}: {@code resources} →
 * {@code audit_resources(event_seq, pos, display_name, type, …)}, a collection nested in a collection
 * element adds {@code parent_pos}, a collection of strings has one {@code val} column. Immutable.
 *
 * @param path      property path from the event, e.g. {@code resources/modifiedProperties}
 * @param property  the collection property
 * @param parent    the table of the enclosing collection, or null
 * @param members   the element's scalar members (empty for a collection of strings)
 */
public record CollectionTable(String path, Property property, CollectionTable parent, List<Property> members) {

  /** Every collection table, parents before children. */
  public static final List<CollectionTable> ALL = derive();

  public static final String VALUE_COLUMN = "val";

  public String table() {
    return "audit_" + ColumnNames.of(path.replace('/', '_'));
  }

  public boolean isPrimitive() {
    return property.kind() == ValueKind.STRING_COLLECTION;
  }

  public static String column(Property member) {
    return ColumnNames.of(member.name());
  }

  /** The table of the collection at {@code path} (e.g. {@code actor/userPermissions}). */
  public static Optional<CollectionTable> at(String path) {
    return ALL.stream().filter(t -> t.path.equals(path)).findFirst();
  }

  private static List<CollectionTable> derive() {
    List<CollectionTable> out = new ArrayList<>();
    walk(AuditSchema.AUDIT_EVENT, "", null, out);
    return List.copyOf(out);
  }

  private static void walk(StructuredType type, String prefix, CollectionTable parent, List<CollectionTable> out) {
    for (Property p : type.properties()) {
      String path = prefix + p.name();
      if (p.kind() == ValueKind.COMPLEX) {
        walk(p.complexType(), path + "/", parent, out);
      } else if (p.kind() == ValueKind.STRING_COLLECTION) {
        out.add(new CollectionTable(path, p, parent, List.of()));
      } else if (p.kind() == ValueKind.COMPLEX_COLLECTION) {
        List<Property> members = p.complexType().properties().stream().filter(m -> !m.kind().isCollection()
            && !m.kind().isComplex()).toList();
        CollectionTable table = new CollectionTable(path, p, parent, members);
        out.add(table);
        walk(p.complexType(), path + "/", table, out);
      }
    }
  }
}
