package graphaudit.internal.query;

import graphaudit.internal.store.sql.EventColumns;
import graphaudit.internal.store.sql.Sql;
import java.util.List;
import java.util.Locale;
import org.apache.olingo.server.api.uri.queryoption.search.SearchBinaryOperatorKind;
import org.apache.olingo.server.api.uri.queryoption.search.SearchExpression;

/**
 * {@code $search} as SQL: each term matches, case-insensitively, anywhere in displayName, activity,
 * activityType, category, componentName or actor/userPrincipalName; AND, OR and NOT combine terms.
 */
final class SearchSql {

  static final List<String> FIELDS = List.of("displayName", "activity", "activityType", "category",
      "componentName", "actor/userPrincipalName");

  private SearchSql() {
  }

  static Sql render(SearchExpression expression) {
    if (expression.isSearchTerm()) {
      return term(expression.asSearchTerm().getSearchTerm());
    }
    if (expression.isSearchUnary()) {
      return term(expression.asSearchUnary().getOperand().getSearchTerm()).wrap("NOT (", ")");
    }
    String word = expression.asSearchBinary().getOperator() == SearchBinaryOperatorKind.AND ? " AND " : " OR ";
    return render(expression.asSearchBinary().getLeftOperand()).join(word,
        render(expression.asSearchBinary().getRightOperand())).wrap("(", ")");
  }

  private static Sql term(String text) {
    String pattern = "%" + Literals.noNul(text).toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%")
        .replace("_", "!_") + "%";
    Sql any = null;
    for (String field : FIELDS) {
      String column = EventColumns.scalar(field).orElseThrow().sql();
      Sql match = Sql.of("COALESCE(LOWER(" + column + ") LIKE ? ESCAPE '!', FALSE)", pattern);
      any = any == null ? match : any.join(" OR ", match);
    }
    return any.wrap("(", ")");
  }
}
