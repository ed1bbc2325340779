package graphaudit.internal.accesslog;

import graphaudit.internal.request.QueryString;
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
    for (QueryString.Parameter parameter : QueryString.parse(rawQuery).parameters()) {
      if (out.length() > 0) {
        out.append('&');
      }
      if (parameter.rawValue() != null && isSecret(parameter.name())) {
        out.append(parameter.rawName()).append('=').append(REDACTED);
      } else {
        out.append(parameter.raw());
      }
    }
    return out.toString();
  }

  /** @param name a decoded name, or null when it does not decode: then its value is not logged either */
  private static boolean isSecret(String name) {
    if (name == null) {
      return true;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (String word : SECRET_WORDS) {
      if (lower.contains(word)) {
        return true;
      }
    }
    return false;
  }
}
