package graphaudit.compat;

import java.util.Locale;
import java.util.Set;

/**
 * Rewrites a raw query string so Olingo sees OData's system query options by their names: Graph
 * accepts them without the '$' ({@code filter=}) and in any case ({@code $Top=}). Stateless.
 */
public final class GraphQuery {

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
      if (SYSTEM_OPTIONS.contains(bare)) {
        out.append('$').append(bare).append(eq < 0 ? "" : part.substring(eq));
      } else {
        out.append(part);
      }
    }
    return out.toString();
  }
}
