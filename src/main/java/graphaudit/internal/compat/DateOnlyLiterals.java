package graphaudit.internal.compat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Graph lets a date stand for midnight UTC when compared with {@code activityDateTime}
 * ({@code activityDateTime ge 2022-08-22}); Olingo rejects Edm.Date against Edm.DateTimeOffset, so
 * such literals become {@code 2022-08-22T00:00:00Z}. String literals are left alone. Stateless.
 */
final class DateOnlyLiterals {

  private static final String DATE = "(\\d{4}-\\d{2}-\\d{2})(?![T\\d:])";
  private static final String OPERATOR = "\\s+(?:eq|ne|gt|ge|lt|le)\\s+";
  private static final Pattern AFTER_PROPERTY = Pattern.compile("(activityDateTime" + OPERATOR + ")" + DATE);
  private static final Pattern BEFORE_PROPERTY = Pattern.compile(DATE + "(" + OPERATOR + "activityDateTime)");

  private DateOnlyLiterals() {
  }

  /**
   * @param rawFilter the percent-encoded {@code $filter} value
   * @param decoded   the same, decoded (null when it does not decode)
   * @return {@code rawFilter}, or the widened filter percent-encoded when it had a date to widen
   */
  static String widen(String rawFilter, String decoded) {
    if (decoded == null || !decoded.contains("activityDateTime")) {
      return rawFilter;
    }
    String[] parts = decoded.split("'", -1);
    for (int i = 0; i < parts.length; i += 2) { // even parts lie outside string literals
      String part = AFTER_PROPERTY.matcher(parts[i]).replaceAll("$1$2T00:00:00Z");
      parts[i] = BEFORE_PROPERTY.matcher(part).replaceAll("$1T00:00:00Z$2");
    }
    String widened = String.join("'", parts);
    return widened.equals(decoded) ? rawFilter
        : URLEncoder.encode(widened, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
