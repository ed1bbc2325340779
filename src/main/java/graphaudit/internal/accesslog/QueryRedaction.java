package graphaudit.internal.accesslog;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A query string fit for a log: the value of every parameter whose name speaks of a secret
 * ({@code $skiptoken}, {@code access_token}, {@code code}, {@code key}, {@code api-key},
 * {@code secret}, {@code password}, {@code sig}…) replaced by {@code REDACTED}; names and other values
 * kept as sent. Stateless.
 */
final class QueryRedaction {

  static final String REDACTED = "REDACTED";
  private static final String[] SECRET_WORDS = {"token", "code", "key", "secret", "password", "sig", "auth"};

  private QueryRedaction() {
  }

  /** The redacted query, or null for none. */
  static String redact(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return rawQuery;
    }
    StringBuilder out = new StringBuilder(rawQuery.length());
    for (String part : rawQuery.split("&", -1)) {
      if (out.length() > 0) {
        out.append('&');
      }
      int equals = part.indexOf('=');
      String name = equals < 0 ? part : part.substring(0, equals);
      if (equals >= 0 && isSecret(name)) {
        out.append(name).append('=').append(REDACTED);
      } else {
        out.append(part);
      }
    }
    return out.toString();
  }

  private static boolean isSecret(String rawName) {
    String name;
    try {
      name = URLDecoder.decode(rawName, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return true; // undecodable: err on the side of not logging its value
    }
    for (String word : SECRET_WORDS) {
      if (name.contains(word)) {
        return true;
      }
    }
    return false;
  }
}
