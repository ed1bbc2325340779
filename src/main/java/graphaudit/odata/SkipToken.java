package graphaudit.odata;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code $skiptoken} of a nextLink: the key of the last event returned and how many
 * events the walk has returned so far (so {@code $top} stops exactly across pages).
 */
record SkipToken(String afterId, long returned) {

  private static final String VERSION = "1";

  String encode() {
    String plain = VERSION + ":" + returned + ":" + afterId;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /** The token's content; {@link IllegalArgumentException} for anything this service did not issue. */
  static SkipToken decode(String token) {
    String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    String[] parts = plain.split(":", 3);
    if (parts.length != 3 || !parts[0].equals(VERSION)) {
      throw new IllegalArgumentException("not a skip token of this service");
    }
    long returned = Long.parseLong(parts[1]);
    if (returned < 0 || parts[2].isEmpty()) {
      throw new IllegalArgumentException("not a skip token of this service");
    }
    return new SkipToken(parts[2], returned);
  }
}
