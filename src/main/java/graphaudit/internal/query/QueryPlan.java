package graphaudit.internal.query;

import graphaudit.internal.store.sql.EventColumns;
import graphaudit.internal.paging.SortKey;
import graphaudit.internal.store.sql.Sql;
import graphaudit.internal.store.sql.SqlDialect;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceLambdaVariable;
import org.apache.olingo.server.api.uri.queryoption.OrderByItem;
import org.apache.olingo.server.api.uri.queryoption.expression.Binary;
import org.apache.olingo.server.api.uri.queryoption.expression.BinaryOperatorKind;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;
import org.apache.olingo.server.api.uri.queryoption.expression.Literal;
import org.apache.olingo.server.api.uri.queryoption.expression.Member;

/**
 * What a collection request selects and in which order, ready for the store: the SQL condition of
 * {@code $filter} and {@code $search}, the sort keys of {@code $orderby} ending with {@code id}, the
 * columns the filter fixes to one value (so the store can let an index supply the order). Immutable.
 */
public record QueryPlan(Sql where, List<SortKey> order, List<EventColumns.Column> fixed) {

  /** Newest first: what an audit log reader wants when the client names no order. */
  private static final List<SortKey> DEFAULT_ORDER = List.of(
      new SortKey(EventColumns.scalar("activityDateTime").orElseThrow(), true), SortKey.ID);
  public static final int MAX_ORDER_KEYS = 8;

  public static QueryPlan of(UriInfo uriInfo, SqlDialect dialect) {
    Sql where = Sql.TRUE;
    if (uriInfo.getFilterOption() != null) {
      where = FilterSql.render(uriInfo.getFilterOption().getExpression(), dialect);
    }
    if (uriInfo.getSearchOption() != null) {
      where = where.join(" AND ", SearchSql.render(uriInfo.getSearchOption().getSearchExpression()));
    }
    List<SortKey> order = uriInfo.getOrderByOption() == null ? DEFAULT_ORDER
        : order(uriInfo.getOrderByOption().getOrders());
    List<EventColumns.Column> fixed = new ArrayList<>();
    if (uriInfo.getFilterOption() != null) {
      collectFixed(uriInfo.getFilterOption().getExpression(), fixed);
    }
    return new QueryPlan(where, order, List.copyOf(fixed));
  }

  /** Columns that a top-level conjunct {@code column eq 'literal'} fixes to one value. */
  private static void collectFixed(Expression expression, List<EventColumns.Column> fixed) {
    if (!(expression instanceof Binary binary)) {
      return;
    }
    if (binary.getOperator() == BinaryOperatorKind.AND) {
      collectFixed(binary.getLeftOperand(), fixed);
      collectFixed(binary.getRightOperand(), fixed);
    } else if (binary.getOperator() == BinaryOperatorKind.EQ) {
      Expression left = binary.getLeftOperand();
      Expression right = binary.getRightOperand();
      Expression member = left instanceof Member ? left : right;
      Expression literal = left instanceof Member ? right : left;
      if (member instanceof Member m && literal instanceof Literal l && !"null".equals(l.getText())) {
        List<UriResource> parts = m.getResourcePath().getUriResourceParts();
        if (parts.stream().noneMatch(p -> p instanceof UriResourceLambdaVariable)) {
          String path = String.join("/", parts.stream().map(UriResource::getSegmentValue).toList());
          EventColumns.scalar(path).filter(c -> !fixed.contains(c)).ifPresent(fixed::add);
        }
      }
    }
  }

  private static List<SortKey> order(List<OrderByItem> items) {
    if (items.size() > MAX_ORDER_KEYS) {
      throw new InvalidQueryException("$orderby takes at most " + MAX_ORDER_KEYS + " keys.");
    }
    List<SortKey> keys = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (OrderByItem item : items) {
      if (!(item.getExpression() instanceof Member member)) {
        throw new InvalidQueryException("$orderby takes property paths such as activityDateTime or "
            + "actor/userPrincipalName.");
      }
      List<String> names = new ArrayList<>();
      for (UriResource part : member.getResourcePath().getUriResourceParts()) {
        if (part instanceof UriResourceLambdaVariable) {
          throw new InvalidQueryException("$orderby cannot use lambda variables.");
        }
        names.add(part.getSegmentValue());
      }
      String path = String.join("/", names);
      EventColumns.Column column = EventColumns.scalar(path).orElseThrow(() ->
          new InvalidQueryException("Cannot order by '" + path + "': it is not a single value."));
      if (seen.add(path)) {
        keys.add(new SortKey(column, item.isDescending()));
      }
    }
    if (!seen.contains(SortKey.ID.column().path())) {
      keys.add(SortKey.ID);
    }
    return List.copyOf(keys);
  }
}
