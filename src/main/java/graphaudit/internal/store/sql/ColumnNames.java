package graphaudit.internal.store.sql;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How property names become SQL column names: {@code actor/userPrincipalName} → {@code actor_user_principal_name}.
 * Names are converted once and remembered, since every row read and written asks again. Thread-safe.
 */
final class ColumnNames {

  private static final Map<String, String> KNOWN = new ConcurrentHashMap<>();

  private ColumnNames() {
  }

  static String of(String propertyName) {
    return KNOWN.computeIfAbsent(propertyName, ColumnNames::snakeCase);
  }

  static String of(String prefix, String propertyName) {
    return KNOWN.computeIfAbsent(prefix + "/" + propertyName, path -> snakeCase(prefix) + "_" + snakeCase(propertyName));
  }

  private static String snakeCase(String propertyName) {
    StringBuilder out = new StringBuilder(propertyName.length() + 8);
    for (char c : propertyName.toCharArray()) {
      if (Character.isUpperCase(c)) {
        out.append('_').append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
