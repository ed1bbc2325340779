package graphaudit.internal.paging;

import graphaudit.internal.store.sql.EventColumns;
import graphaudit.internal.store.sql.Sql;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One page of a tenant's events as the store reads it: the events matching {@code where}, in
 * {@code order} (made total by {@link SortKey#ID}), after the row whose sort values are {@code after}
 * (keyset paging; null: from the start, skipping {@code skip} rows), at most {@code limit} of them.
 * {@code fixed} are columns {@code where} holds to one value. Immutable.
 *
 * @param after one value per key of {@code order} (a value may be null), or null
 */
public record PageRequest(String tenantId, Sql where, List<SortKey> order, List<EventColumns.Column> fixed,
    List<Object> after, long skip, int limit) {

  public PageRequest {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(where, "where");
    order = List.copyOf(order);
    fixed = List.copyOf(fixed);
    if (order.isEmpty()) {
      throw new IllegalArgumentException("a page needs an order");
    }
    if (after != null) {
      if (after.size() != order.size()) {
        throw new IllegalArgumentException("one value after per sort key: " + after + " for " + order);
      }
      after = Collections.unmodifiableList(new ArrayList<>(after));
    }
    if (skip < 0 || limit < 0) {
      throw new IllegalArgumentException("skip and limit cannot be negative");
    }
  }

  /** The page's rows within the tenant's: {@code where}, and past the keyset position when there is one. */
  public Sql condition() {
    Sql condition = where.wrap("(", ")");
    return after == null ? condition : condition.join(" AND ", Keyset.after(order, after));
  }

  /**
   * The ORDER BY keys after the tenant's column: the columns fixed to one value lead without changing
   * the order, so that an index starting with them (tenant, category, …) is recognised as already
   * sorted and the scan stops at LIMIT.
   */
  public String orderBy() {
    return Stream.concat(fixed.stream().map(EventColumns.Column::sql), order.stream().map(SortKey::orderBy))
        .collect(Collectors.joining(", "));
  }

  /** The LIMIT (and OFFSET) clause, with its leading space. */
  public String limits() {
    return " LIMIT " + limit + (skip > 0 ? " OFFSET " + skip : "");
  }
}
