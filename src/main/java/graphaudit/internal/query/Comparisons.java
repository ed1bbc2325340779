package graphaudit.internal.query;

import graphaudit.internal.query.SqlValue.Type;
import graphaudit.internal.store.sql.Sql;
import java.util.List;
import org.apache.olingo.server.api.uri.queryoption.expression.BinaryOperatorKind;

/**
 * Comparison operators with OData's semantics in SQL: {@code null eq null} is true, {@code x ne 'a'}
 * is true for a null x, ordering with a null is false; literals are re-typed to the value they meet
 * (a date against {@code activityDateTime} is midnight UTC). Stateless.
 */
final class Comparisons {

  private Comparisons() {
  }

  static SqlValue compare(BinaryOperatorKind operator, SqlValue left, SqlValue right) {
    if (left.isNullLiteral() && right.isNullLiteral()) {
      return bool(Sql.of(operator == BinaryOperatorKind.EQ || operator == BinaryOperatorKind.GE
          || operator == BinaryOperatorKind.LE ? "TRUE" : "FALSE"));
    }
    if (right.isNullLiteral() || left.isNullLiteral()) {
      SqlValue value = right.isNullLiteral() ? left : right;
      return switch (operator) {
        case EQ -> bool(value.sql().wrap("(", " IS NULL)"));
        case NE -> bool(value.sql().wrap("(", " IS NOT NULL)"));
        default -> bool(Sql.of("FALSE"));
      };
    }
    SqlValue l = Literals.retype(left, right.type());
    SqlValue r = Literals.retype(right, l.type());
    requireComparable(l, r);
    String symbol = switch (operator) {
      case EQ -> " = ";
      case NE -> " <> ";
      case GT -> " > ";
      case GE -> " >= ";
      case LT -> " < ";
      default -> " <= ";
    };
    Sql plain = l.sql().join(symbol, r.sql());
    boolean literalSide = l.isLiteral() || r.isLiteral();
    if (operator == BinaryOperatorKind.NE && literalSide) {
      Sql nulls = (l.isLiteral() ? r : l).sql().wrap(" OR ", " IS NULL");
      return bool(plain.join("", nulls).wrap("(", ")"));
    }
    if (!literalSide && (operator == BinaryOperatorKind.EQ || operator == BinaryOperatorKind.NE)) {
      // two expressions: equal when both are null, unequal when exactly one is; ne is not eq
      Sql equal = l.sql().join(" = ", r.sql()).wrap("COALESCE(", ", ")
          .join("", l.sql().wrap("(", " IS NULL").join(" AND ", r.sql().wrap("", " IS NULL))")));
      return bool(operator == BinaryOperatorKind.EQ ? equal : equal.wrap("NOT ", ""));
    }
    return bool(plain.wrap("(", ")"));
  }

  static SqlValue in(SqlValue left, List<SqlValue> items) {
    if (items.isEmpty()) {
      return bool(Sql.of("FALSE"));
    }
    Sql list = null;
    for (SqlValue item : items) {
      if (!item.isLiteral() || item.isNullLiteral()) {
        throw new InvalidQueryException("'in' takes a list of non-null literals.");
      }
      SqlValue typed = Literals.retype(item, left.type());
      requireComparable(left, typed);
      list = list == null ? typed.sql() : list.join(", ", typed.sql());
    }
    return bool(left.sql().join(" IN (", list).wrap("(", "))"));
  }

  private static void requireComparable(SqlValue l, SqlValue r) {
    if (l.type() != r.type()) {
      throw new InvalidQueryException("Cannot compare a " + l.type() + " value with a " + r.type() + " value.");
    }
  }

  private static SqlValue bool(Sql sql) {
    return SqlValue.expression(sql, Type.BOOLEAN);
  }
}
