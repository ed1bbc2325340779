package graphaudit.internal.compat;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Set;

/**
 * Rewrites a raw query string so Olingo sees OData's system query options by their names: Graph
 * accepts them without the '$' ({@code filter=}) and in any case ({@code $Top=}); and OData's grammar
 * allows spaces around a lambda's colon ({@code any(r: r/x eq 1)}) that Olingo 5.0.0 rejects. Stateless.
 */
public final class GraphQuery {

  private static final Pattern SPACE = Pattern.compile("(?:%20|\\s)+");

  private static final Set<String> SYSTEM_OPTIONS = Set.of("filter", "select", "expand", "orderby", "top",
      "skip", "count", "search", "format", "skiptoken", "deltatoken", "levels", "apply", "compute", "index",
      "schemaversion");

  private GraphQuery() {
  }

  public static String normalize(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return rawQuery;
    }
    StringBuilder out = new StringBuilder(rawQuery.length() + 4);
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      String bare = (name.startsWith("$") ? name.substring(1) : name.startsWith("%24") ? name.substring(3) : name)
          .toLowerCase(Locale.ROOT);
      if (out.length() > 0) {
        out.append('&');
      }
      // '+' in a query value is a space, as form encoding (curl --data-urlencode) and Graph have it
      String value = eq < 0 ? null : part.substring(eq + 1).replace("+", "%20");
      if (bare.equals("filter") && value != null) {
        out.append("$filter=").append(tightenLambdaColons(DateOnlyLiterals.widen(value)));
      } else if (SYSTEM_OPTIONS.contains(bare)) {
        out.append('$').append(bare).append(value == null ? "" : "=" + value);
      } else {
        out.append(part);
      }
    }
    return out.toString();
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
        i += c == ':' ? 1 : 3;
        Matcher space = SPACE.matcher(rawFilter).region(i, rawFilter.length());
        if (space.lookingAt()) {
          i = space.end();
        }
        continue;
      }
      out.append(c);
      i++;
    }
    return out.toString();
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
