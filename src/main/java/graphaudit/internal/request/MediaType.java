package graphaudit.internal.request;

import java.util.Locale;

/**
 * A {@code Content-Type}: its {@code type/subtype} in lower case, parameters left as sent. Read without
 * regular expressions. Immutable.
 *
 * @param essence {@code type/subtype} in lower case, e.g. {@code application/json}
 * @param raw     the header's value as sent
 */
public record MediaType(String essence, String raw) {

  public static final String JSON = "application/json";

  /** {@code value}'s media type, or null when it is absent or blank; an essence without '/' is kept as sent. */
  public static MediaType parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    int semicolon = value.indexOf(';');
    String essence = (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    return new MediaType(essence, value);
  }

  /** Whether this is {@code essence} (in any case), whatever its parameters. */
  public boolean is(String essence) {
    return this.essence.equalsIgnoreCase(essence);
  }
}
