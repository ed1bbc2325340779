package graphaudit.internal.query;

import graphaudit.internal.audit.ValueKind;
import graphaudit.internal.query.SqlValue.Type;
import graphaudit.internal.store.sql.CollectionTable;
import graphaudit.internal.store.sql.EventColumns;
import graphaudit.internal.store.sql.Sql;
import graphaudit.internal.store.sql.SqlDialect;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.apache.olingo.commons.api.edm.EdmEnumType;
import org.apache.olingo.commons.api.edm.EdmType;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceLambdaAll;
import org.apache.olingo.server.api.uri.UriResourceLambdaAny;
import org.apache.olingo.server.api.uri.UriResourceLambdaVariable;
import org.apache.olingo.server.api.uri.queryoption.expression.BinaryOperatorKind;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;
import org.apache.olingo.server.api.uri.queryoption.expression.ExpressionVisitException;
import org.apache.olingo.server.api.uri.queryoption.expression.ExpressionVisitor;
import org.apache.olingo.server.api.uri.queryoption.expression.Literal;
import org.apache.olingo.server.api.uri.queryoption.expression.Member;
import org.apache.olingo.server.api.uri.queryoption.expression.MethodKind;
import org.apache.olingo.server.api.uri.queryoption.expression.UnaryOperatorKind;

/**
 * Renders a parsed {@code $filter} as SQL over {@code audit_event e}: columns only from the
 * whitelist ({@link EventColumns}, {@link CollectionTable}), every literal a bind parameter, OData's
 * two-valued null logic kept, lambdas over collections as indexed {@code IN}/{@code EXISTS} on the
 * child tables. One instance per filter; not thread-safe.
 */
public final class FilterSql implements ExpressionVisitor<SqlValue> {

  /** A lambda variable in scope: its name, the collection table it ranges over, its SQL alias. */
  private record Scope(String variable, CollectionTable table, String alias) {
  }

  private final SqlDialect dialect;
  private final Deque<Scope> scopes = new ArrayDeque<>();
  private int aliases;

  private FilterSql(SqlDialect dialect) {
    this.dialect = dialect;
  }

  /** The SQL condition for {@code filter}; {@link InvalidQueryException} for what cannot be answered. */
  public static Sql render(Expression filter, SqlDialect dialect) {
    try {
      SqlValue value = filter.accept(new FilterSql(dialect));
      if (value.type() != Type.BOOLEAN) {
        throw new InvalidQueryException("$filter must be a boolean expression.");
      }
      return value.sql();
    } catch (ExpressionVisitException | org.apache.olingo.server.api.ODataApplicationException e) {
      throw new InvalidQueryException(e.getMessage());
    }
  }

  @Override
  public SqlValue visitLiteral(Literal literal) {
    return Literals.of(literal);
  }

  @Override
  public SqlValue visitMember(Member member) throws ExpressionVisitException, org.apache.olingo.server.api.ODataApplicationException {
    List<UriResource> parts = member.getResourcePath().getUriResourceParts();
    UriResource last = parts.get(parts.size() - 1);
    if (last instanceof UriResourceLambdaAny any) {
      return lambda(parts.subList(0, parts.size() - 1), any.getLambdaVariable(), any.getExpression(), false);
    }
    if (last instanceof UriResourceLambdaAll all) {
      return lambda(parts.subList(0, parts.size() - 1), all.getLambdaVariable(), all.getExpression(), true);
    }
    Scope scope = scopeOf(parts);
    String path = path(parts, scope);
    if (scope == null) {
      EventColumns.Column column = EventColumns.scalar(path).orElseThrow(() -> new InvalidQueryException(
          "'" + path + "' is not a single value; compare its properties or use any()/all()."));
      return SqlValue.expression(Sql.of(column.sql()), type(column.kind()));
    }
    if (scope.table().isPrimitive() && path.isEmpty()) {
      return SqlValue.expression(Sql.of(scope.alias() + "." + CollectionTable.VALUE_COLUMN), Type.STRING);
    }
    return scope.table().members().stream().filter(m -> m.name().equals(path)).findFirst()
        .map(m -> SqlValue.expression(Sql.of(scope.alias() + "." + CollectionTable.column(m)), type(m.kind())))
        .orElseThrow(() -> new InvalidQueryException("'" + scope.variable() + "/" + path
            + "' is not a single value; use any()/all() over it."));
  }

  /** The lambda variable a member path starts from, or null for a path from the event. */
  private Scope scopeOf(List<UriResource> parts) {
    if (!parts.isEmpty() && parts.get(0) instanceof UriResourceLambdaVariable variable) {
      return scopes.stream().filter(s -> s.variable().equals(variable.getVariableName())).findFirst()
          .orElseThrow(() -> new InvalidQueryException("Unknown lambda variable " + variable.getVariableName()));
    }
    return null;
  }

  private static String path(List<UriResource> parts, Scope scope) {
    List<String> names = new ArrayList<>();
    for (int i = scope == null ? 0 : 1; i < parts.size(); i++) {
      names.add(parts.get(i).getSegmentValue());
    }
    return String.join("/", names);
  }

  private SqlValue lambda(List<UriResource> collectionParts, String variable, Expression body, boolean all)
      throws ExpressionVisitException, org.apache.olingo.server.api.ODataApplicationException {
    Scope outer = scopeOf(collectionParts);
    String relative = path(collectionParts, outer);
    String fullPath = outer == null ? relative : outer.table().path() + "/" + relative;
    CollectionTable table = CollectionTable.at(fullPath).orElseThrow(() ->
        new InvalidQueryException("'" + relative + "' is not a collection; any()/all() apply to collections."));
    Scope scope = new Scope(variable, table, "l" + (++aliases));
    String correlation = outer == null
        ? scope.alias() + ".event_seq = e.seq"
        : scope.alias() + ".event_seq = " + outer.alias() + ".event_seq AND " + scope.alias() + ".parent_pos = "
            + outer.alias() + ".pos";
    String from = " FROM " + table.table() + " " + scope.alias() + " WHERE ";
    if (body == null) {
      Sql exists = Sql.of("EXISTS (SELECT 1" + from + correlation + ")");
      return SqlValue.expression(all ? Sql.TRUE : exists, Type.BOOLEAN);
    }
    scopes.push(scope);
    SqlValue condition;
    try {
      condition = body.accept(this);
    } finally {
      scopes.pop();
    }
    requireBoolean(condition, "The body of " + (all ? "all()" : "any()"));
    if (all) {
      return SqlValue.expression(condition.sql().wrap("NOT EXISTS (SELECT 1" + from + correlation
          + " AND NOT COALESCE(", ", FALSE))"), Type.BOOLEAN);
    }
    if (outer == null) {
      // uncorrelated, so the child table's index on the compared column drives it
      return SqlValue.expression(condition.sql().wrap("e.seq IN (SELECT " + scope.alias() + ".event_seq" + from, ")"),
          Type.BOOLEAN);
    }
    return SqlValue.expression(condition.sql().wrap("EXISTS (SELECT 1" + from + correlation + " AND ", ")"),
        Type.BOOLEAN);
  }

  @Override
  public SqlValue visitLambdaExpression(String lambdaFunction, String lambdaVariable, Expression expression) {
    throw new InvalidQueryException("Unexpected lambda " + lambdaFunction);
  }

  @Override
  public SqlValue visitLambdaReference(String variableName) {
    throw new InvalidQueryException("Unexpected lambda reference " + variableName);
  }

  @Override
  public SqlValue visitUnaryOperator(UnaryOperatorKind operator, SqlValue operand) {
    if (operator == UnaryOperatorKind.NOT) {
      requireBoolean(operand, "not");
      return SqlValue.expression(operand.sql().wrap("NOT COALESCE(", ", FALSE)"), Type.BOOLEAN);
    }
    if (operator == UnaryOperatorKind.MINUS && operand.type() == Type.NUMBER) {
      return SqlValue.expression(operand.sql().wrap("(-", ")"), Type.NUMBER);
    }
    throw new InvalidQueryException("The operator " + operator + " does not apply to a " + operand.type() + " value.");
  }

  @Override
  public SqlValue visitBinaryOperator(BinaryOperatorKind operator, SqlValue left, SqlValue right) {
    return switch (operator) {
      case AND, OR -> logical(operator, left, right);
      case EQ, NE, GT, GE, LT, LE -> Comparisons.compare(operator, left, right);
      case ADD, SUB, MUL, DIV, MOD -> arithmetic(operator, left, right);
      case HAS -> throw new InvalidQueryException("'has' applies to enumeration values; auditEvent has none.");
      default -> throw new InvalidQueryException("The operator " + operator + " is not supported.");
    };
  }

  @Override
  public SqlValue visitBinaryOperator(BinaryOperatorKind operator, SqlValue left, List<SqlValue> right) {
    if (operator != BinaryOperatorKind.IN) {
      throw new InvalidQueryException("The operator " + operator + " does not take a list.");
    }
    return Comparisons.in(left, right);
  }

  private static SqlValue logical(BinaryOperatorKind operator, SqlValue left, SqlValue right) {
    requireBoolean(left, operator.toString());
    requireBoolean(right, operator.toString());
    String word = operator == BinaryOperatorKind.AND ? " AND " : " OR ";
    return SqlValue.expression(left.sql().join(word, right.sql()).wrap("(", ")"), Type.BOOLEAN);
  }

  private static SqlValue arithmetic(BinaryOperatorKind operator, SqlValue left, SqlValue right) {
    if (left.type() != Type.NUMBER || right.type() != Type.NUMBER) {
      throw new InvalidQueryException("Arithmetic (" + operator.toString().toLowerCase(Locale.ROOT)
          + ") applies to numbers only.");
    }
    Sql divisor = right.sql();
    if (operator == BinaryOperatorKind.DIV || operator == BinaryOperatorKind.MOD) {
      if (right.isLiteral() && right.literal() instanceof Number n && new BigDecimal(n.toString()).signum() == 0) {
        throw new InvalidQueryException("Division by zero in $filter.");
      }
      // a divisor that evaluates to zero makes the value null (so the comparison is false), not an error
      divisor = divisor.wrap("NULLIF(", ", 0)");
    }
    if (operator == BinaryOperatorKind.MOD) {
      return SqlValue.expression(left.sql().join(", ", divisor).wrap("MOD(", ")"), Type.NUMBER);
    }
    String symbol = switch (operator) {
      case ADD -> " + ";
      case SUB -> " - ";
      case MUL -> " * ";
      default -> " / ";
    };
    return SqlValue.expression(left.sql().join(symbol, divisor).wrap("(", ")"), Type.NUMBER);
  }

  @Override
  public SqlValue visitMethodCall(MethodKind method, List<SqlValue> args) {
    return Functions.call(method, args, dialect);
  }

  @Override
  public SqlValue visitAlias(String aliasName) {
    throw new InvalidQueryException("Parameter aliases are not supported in $filter: " + aliasName);
  }

  @Override
  public SqlValue visitTypeLiteral(EdmType type) {
    throw new InvalidQueryException("Type literals are not supported in $filter.");
  }

  @Override
  public SqlValue visitEnum(EdmEnumType type, List<String> enumValues) {
    throw new InvalidQueryException("auditEvent has no enumeration properties.");
  }

  static void requireBoolean(SqlValue value, String where) {
    if (value.type() != Type.BOOLEAN) {
      throw new InvalidQueryException(where + " needs a boolean expression.");
    }
  }

  static Type type(ValueKind kind) {
    return switch (kind) {
      case DATE_TIME_OFFSET -> Type.DATE_TIME;
      case GUID -> Type.GUID;
      default -> Type.STRING;
    };
  }
}
