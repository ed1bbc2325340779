package graphaudit.internal.compat;

import graphaudit.internal.request.QueryString;

/**
 * Bounds on query options checked before Olingo parses them: Olingo's recursive-descent parser
 * overflows the stack on a few thousand nested parentheses, and nothing useful needs more than these.
 * Stateless.
 */
public final class QueryLimits {

  public static final int MAX_FILTER_LENGTH = 4096;
  public static final int MAX_NESTING = 32;
  public static final int MAX_SEARCH_LENGTH = 1024;
  public static final long MAX_TOP = 1_000_000;

  /** A query option over a limit: answered 400. */
  public static final class Exceeded extends RuntimeException {
    Exceeded(String message) {
      super(message, null, false, false);
    }
  }

  private QueryLimits() {
  }

  /** @param query a query after {@link GraphQuery#normalize} */
  public static void check(QueryString query) {
    for (QueryString.Parameter parameter : query.parameters()) {
      String value = parameter.value();
      if (value == null) {
        continue; // no '=': nothing to bound
      }
      switch (parameter.rawName()) {
        case "$filter" -> {
          require(value.length() <= MAX_FILTER_LENGTH, "$filter is longer than " + MAX_FILTER_LENGTH + " characters.");
          require(nesting(value) <= MAX_NESTING, "$filter nests deeper than " + MAX_NESTING + " levels.");
        }
        case "$orderby" -> require(nesting(value) <= MAX_NESTING, "$orderby nests too deeply.");
        case "$search" -> {
          require(value.length() <= MAX_SEARCH_LENGTH, "$search is longer than " + MAX_SEARCH_LENGTH + " characters.");
          require(nesting(value) <= MAX_NESTING, "$search nests deeper than " + MAX_NESTING + " levels.");
        }
        case "$top" -> require(!isLargeNumber(value, MAX_TOP), "$top must not exceed " + MAX_TOP + ".");
        default -> { }
      }
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new Exceeded(message);
    }
  }

  /** Deepest parenthesis nesting outside string literals. */
  private static int nesting(String text) {
    int depth = 0;
    int deepest = 0;
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        inString = !inString;
      } else if (!inString && c == '(') {
        deepest = Math.max(deepest, ++depth);
      } else if (!inString && c == ')') {
        depth--;
      }
    }
    return deepest;
  }

  private static boolean isLargeNumber(String value, long max) {
    String digits = value.trim();
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false; // not a number: Olingo answers it
    }
    return digits.length() > 18 || Long.parseLong(digits) > max;
  }
}
