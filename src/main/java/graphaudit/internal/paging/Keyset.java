package graphaudit.internal.paging;

import graphaudit.internal.store.sql.Sql;
import java.util.List;

/**
 * The "rows after this one" condition of keyset paging for an order of {@link SortKey}s ending in
 * {@code id}: {@code k1 after v1 OR (k1 = v1 AND k2 after v2) OR …}, nulls being the smallest value,
 * plus a plain bound on the first key so the index range scan starts at the right place. Stateless.
 */
final class Keyset {

  private Keyset() {
  }

  /** @param last the sort key values of the last row returned, one per key, in order */
  static Sql after(List<SortKey> keys, List<Object> last) {
    Sql any = null;
    Sql equalSoFar = null;
    for (int i = 0; i < keys.size(); i++) {
      SortKey key = keys.get(i);
      Object value = last.get(i);
      Sql step = strictlyAfter(key, value);
      Sql branch = equalSoFar == null ? step : equalSoFar.join(" AND ", step);
      any = any == null ? branch.wrap("(", ")") : any.join(" OR ", branch.wrap("(", ")"));
      Sql equal = value == null ? Sql.of(key.column().sql() + " IS NULL") : Sql.of(key.column().sql() + " = ?", value);
      equalSoFar = equalSoFar == null ? equal : equalSoFar.join(" AND ", equal);
    }
    Sql condition = any.wrap("(", ")");
    SortKey first = keys.get(0);
    if (!first.column().nullable() && last.get(0) != null) {
      String bound = first.descending() ? " <= ?" : " >= ?";
      condition = Sql.of(first.column().sql() + bound, last.get(0)).join(" AND ", condition);
    }
    return condition;
  }

  private static Sql strictlyAfter(SortKey key, Object value) {
    String column = key.column().sql();
    if (!key.descending()) {
      return value == null ? Sql.of(column + " IS NOT NULL") : Sql.of(column + " > ?", value);
    }
    if (value == null) {
      return Sql.of("FALSE");
    }
    return key.column().nullable() ? Sql.of("(" + column + " < ? OR " + column + " IS NULL)", value)
        : Sql.of(column + " < ?", value);
  }
}
