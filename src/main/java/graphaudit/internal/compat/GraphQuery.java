package graphaudit.internal.compat;

import graphaudit.internal.request.QueryString;
import java.util.Locale;
import java.util.Set;

/**
 * Rewrites a query string so Olingo sees OData's system query options by their names: Graph
 * accepts them without the '$' ({@code filter=}) and in any case ({@code $Top=}); a date alone compared
 * with {@code activityDateTime} ({@link DateOnlyLiterals}); and OData's grammar allows spaces around a
 * lambda's colon ({@code any(r: r/x eq 1)}) that Olingo 5.0.0 rejects. Stateless.
 */
public final class GraphQuery {

  private static final Set<String> SYSTEM_OPTIONS = Set.of("filter", "select", "expand", "orderby", "top",
      "skip", "count", "search", "format", "skiptoken", "deltatoken", "levels", "apply", "compute", "index",
      "schemaversion");

  private GraphQuery() {
  }

  /** The query as Olingo parses it; values stay percent-encoded as sent, but for '+', which becomes %20. */
  public static QueryString normalize(QueryString query) {
    if (query.isEmpty()) {
      return query;
    }
    StringBuilder out = new StringBuilder(query.raw().length() + 4);
    for (QueryString.Parameter parameter : query.parameters()) {
      String name = parameter.rawName();
      String bare = (name.startsWith("$") ? name.substring(1) : name.startsWith("%24") ? name.substring(3) : name)
          .toLowerCase(Locale.ROOT);
      if (out.length() > 0) {
        out.append('&');
      }
      // '+' in a query value is a space, as form encoding (curl --data-urlencode) and Graph have it
      String value = parameter.rawValue() == null ? null : parameter.rawValue().replace("+", "%20");
      if (bare.equals("filter") && value != null) {
        out.append("$filter=").append(tightenLambdaColons(DateOnlyLiterals.widen(value, parameter.value())));
      } else if (SYSTEM_OPTIONS.contains(bare)) {
        out.append('$').append(bare).append(value == null ? "" : "=" + value);
      } else {
        out.append(parameter.raw());
      }
    }
    return QueryString.parse(out.toString());
  }

  /**
   * Drops the spaces around every ':' outside string literals. Outside literals a colon only occurs
   * in a lambda or inside a date-time literal, which never has spaces around it.
   */
  static String tightenLambdaColons(String rawFilter) {
    StringBuilder out = new StringBuilder(rawFilter.length());
    boolean inString = false;
    int i = 0;
    while (i < rawFilter.length()) {
      char c = rawFilter.charAt(i);
      if (c == '\'' || rawFilter.startsWith("%27", i)) {
        inString = !inString;
      }
      if (!inString && (c == ':' || rawFilter.regionMatches(true, i, "%3A", 0, 3))) {
        trimTrailingSpace(out);
        out.append(':');
        i = skipSpace(rawFilter, i + (c == ':' ? 1 : 3));
        continue;
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  /** The index after the spaces (raw or {@code %20}) from {@code i}; a scan, not a regular expression. */
  private static int skipSpace(String text, int i) {
    while (true) {
      if (i < text.length() && Character.isWhitespace(text.charAt(i))) {
        i++;
      } else if (text.startsWith("%20", i)) {
        i += 3;
      } else {
        return i;
      }
    }
  }

  private static void trimTrailingSpace(StringBuilder out) {
    while (true) {
      int n = out.length();
      if (n >= 3 && out.substring(n - 3).equals("%20")) {
        out.setLength(n - 3);
      } else if (n >= 1 && out.charAt(n - 1) == ' ') {
        out.setLength(n - 1);
      } else {
        return;
      }
    }
  }
}
