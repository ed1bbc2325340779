package graphaudit.internal.query;

import graphaudit.internal.store.sql.Sql;

/**
 * A rendered filter sub-expression: its SQL, its type, and for literals the Java value (so it can be
 * re-typed against the column it meets, e.g. a date against {@code activityDateTime}).
 */
record SqlValue(Sql sql, Type type, Object literal, boolean isLiteral) {

  enum Type { STRING, DATE_TIME, DATE, GUID, NUMBER, BOOLEAN, NULL }

  static SqlValue expression(Sql sql, Type type) {
    return new SqlValue(sql, type, null, false);
  }

  static SqlValue literal(Object value, Type type) {
    return new SqlValue(value == null ? Sql.of("NULL") : Sql.of("?", value), type, value, true);
  }

  boolean isNullLiteral() {
    return isLiteral && literal == null;
  }
}
