package graphaudit.internal.query;

import graphaudit.internal.query.SqlValue.Type;
import graphaudit.internal.store.sql.Sql;
import graphaudit.internal.store.sql.SqlDialect;
import java.util.List;
import java.util.Locale;
import org.apache.olingo.server.api.uri.queryoption.expression.MethodKind;

/**
 * OData's canonical functions in SQL: string functions (LIKE with the pattern characters escaped when
 * the argument is a literal), date parts taken in UTC, {@code date()}, {@code now()}. Stateless.
 */
final class Functions {

  private static final SqlValue NULL_STRING = SqlValue.expression(Sql.of("CAST(NULL AS VARCHAR)"), Type.STRING);

  private Functions() {
  }

  static SqlValue call(MethodKind method, List<SqlValue> args, SqlDialect dialect) {
    return switch (method) {
      case CONTAINS -> like(args, "%", "%", dialect);
      case STARTSWITH -> like(args, "", "%", dialect);
      case ENDSWITH -> like(args, "%", "", dialect);
      case TOLOWER -> string(args, 1, "LOWER(", ")");
      case TOUPPER -> string(args, 1, "UPPER(", ")");
      case TRIM -> string(args, 1, "TRIM(", ")");
      case LENGTH -> SqlValue.expression(strings(args, 1).get(0).sql().wrap("CHAR_LENGTH(", ")"), Type.NUMBER);
      case CONCAT -> {
        List<SqlValue> s = strings(args, 2);
        yield SqlValue.expression(s.get(0).sql().join(" || ", s.get(1).sql()).wrap("(", ")"), Type.STRING);
      }
      case INDEXOF -> {
        List<SqlValue> s = strings(args, 2);
        yield SqlValue.expression(position(s.get(0), s.get(1), dialect).wrap("(", " - 1)"), Type.NUMBER);
      }
      case SUBSTRING -> substring(args);
      case YEAR, MONTH, DAY, HOUR, MINUTE, SECOND -> datePart(method, args);
      case DATE -> SqlValue.expression(dateTime(args, method).sql().wrap("CAST((", " AT TIME ZONE 'UTC') AS DATE)"),
          Type.DATE);
      case NOW -> SqlValue.expression(Sql.of("CURRENT_TIMESTAMP"), Type.DATE_TIME);
      default -> throw new InvalidQueryException("The function " + method.toString().toLowerCase(Locale.ROOT)
          + "() is not supported on auditEvents.");
    };
  }

  private static SqlValue like(List<SqlValue> args, String before, String after, SqlDialect dialect) {
    List<SqlValue> s = strings(args, 2);
    SqlValue text = s.get(0);
    SqlValue pattern = s.get(1);
    if (pattern.isLiteral() && pattern.literal() != null) {
      // '!' escapes LIKE's wildcards: a backslash in the SQL text confuses Jdbi's statement parser
      String escaped = ((String) pattern.literal()).replace("!", "!!").replace("%", "!%").replace("_", "!_");
      return SqlValue.expression(text.sql().join(" LIKE ", Sql.of("?", before + escaped + after))
          .wrap("(", " ESCAPE '!')"), Type.BOOLEAN);
    }
    // a column or expression as the pattern: compare positions instead of building a LIKE pattern
    Sql position = position(text, pattern, dialect);
    if (before.isEmpty()) {
      return SqlValue.expression(position.wrap("(", " = 1)"), Type.BOOLEAN);
    }
    if (after.isEmpty()) {
      Sql tail = text.sql().join(", CHAR_LENGTH(", pattern.sql()).wrap("RIGHT(", "))");
      return SqlValue.expression(tail.join(" = ", pattern.sql()).wrap("(", ")"), Type.BOOLEAN);
    }
    return SqlValue.expression(position.wrap("(", " > 0)"), Type.BOOLEAN);
  }

  /** One-based position of {@code needle} in {@code text}, 0 when absent. */
  private static Sql position(SqlValue text, SqlValue needle, SqlDialect dialect) {
    return dialect == SqlDialect.POSTGRESQL ? text.sql().join(", ", needle.sql()).wrap("STRPOS(", ")")
        : needle.sql().join(", ", text.sql()).wrap("LOCATE(", ")");
  }

  private static SqlValue string(List<SqlValue> args, int count, String before, String after) {
    return SqlValue.expression(strings(args, count).get(0).sql().wrap(before, after), Type.STRING);
  }

  /** The arguments, a null literal typed as a string: H2 takes {@code NULL || NULL} for binary. */
  private static List<SqlValue> strings(List<SqlValue> args, int count) {
    if (args.size() != count || args.stream().anyMatch(a -> a.type() != Type.STRING && a.type() != Type.NULL)) {
      throw new InvalidQueryException("This function takes " + count + " string argument" + (count > 1 ? "s." : "."));
    }
    return args.stream().map(a -> a.type() == Type.NULL ? NULL_STRING : a).toList();
  }

  private static SqlValue substring(List<SqlValue> args) {
    if (args.size() < 2 || args.size() > 3 || args.get(0).type() != Type.STRING
        || args.stream().skip(1).anyMatch(a -> a.type() != Type.NUMBER)) {
      throw new InvalidQueryException("substring() takes a string and one or two integers.");
    }
    // PostgreSQL's SUBSTRING takes integers only, not the bigint or numeric an expression may be
    Sql sql = args.get(0).sql().join(" FROM ", args.get(1).sql().wrap("CAST(", " AS INTEGER)"))
        .join(" + 1", Sql.of(""));
    if (args.size() == 3) {
      sql = sql.join(" FOR ", args.get(2).sql().wrap("CAST(", " AS INTEGER)"));
    }
    return SqlValue.expression(sql.wrap("SUBSTRING(", ")"), Type.STRING);
  }

  private static SqlValue datePart(MethodKind method, List<SqlValue> args) {
    String field = method.toString().toUpperCase(Locale.ROOT);
    SqlValue value = args.size() == 1 ? args.get(0) : null;
    if (value != null && value.type() == Type.DATE && !(method == MethodKind.YEAR || method == MethodKind.MONTH
        || method == MethodKind.DAY)) {
      throw new InvalidQueryException(method.toString().toLowerCase(Locale.ROOT) + "() needs a DateTimeOffset.");
    }
    Sql source = value != null && value.type() == Type.DATE ? value.sql()
        : dateTime(args, method).sql().wrap("(", " AT TIME ZONE 'UTC')");
    return SqlValue.expression(source.wrap("CAST(FLOOR(EXTRACT(" + field + " FROM ", ")) AS INTEGER)"), Type.NUMBER);
  }

  private static SqlValue dateTime(List<SqlValue> args, MethodKind method) {
    if (args.size() != 1 || args.get(0).type() != Type.DATE_TIME) {
      throw new InvalidQueryException(method.toString().toLowerCase(Locale.ROOT) + "() takes one DateTimeOffset.");
    }
    return args.get(0);
  }
}
