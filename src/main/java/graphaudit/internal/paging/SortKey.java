package graphaudit.internal.paging;

import graphaudit.internal.store.sql.EventColumns;

/** One {@code $orderby} key: a whitelisted column and its direction. Nulls sort as the smallest value. */
public record SortKey(EventColumns.Column column, boolean descending) {

  /** The final tie-breaker that makes every order total. */
  public static final SortKey ID = new SortKey(EventColumns.key(), false);

  String orderBy() {
    String direction = descending ? " DESC" : " ASC";
    if (!column.nullable()) {
      return column.sql() + direction;
    }
    return column.sql() + direction + (descending ? " NULLS LAST" : " NULLS FIRST");
  }
}
