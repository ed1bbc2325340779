package graphaudit.internal.request;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@code Prefer} header asks for (RFC 7240) that this service honours: {@code odata.maxpagesize}
 * and {@code return}. Read by a scanner, one character at a time: Olingo's regular expressions for the
 * same grammar recurse per character and overflow the stack on a few thousand. As in Olingo, names are
 * case-insensitive, the first of a repeated preference counts, and a header value that is not
 * well-formed is ignored as a whole (a preference may be ignored, RFC 7240 §2). Immutable.
 *
 * @param maxPageSize {@code odata.maxpagesize}, or null when absent or not a whole number ≥ 0
 * @param returning   {@code return}, or null when absent or neither {@code minimal} nor {@code representation}
 */
public record Preferences(Integer maxPageSize, Return returning) {

  /** Prefer: return=… */
  public enum Return { MINIMAL, REPRESENTATION }

  public static final Preferences NONE = new Preferences(null, null);

  /** The preferences of every {@code Prefer} value, in order. */
  public static Preferences parse(List<String> values) {
    if (values == null || values.isEmpty()) {
      return NONE;
    }
    Map<String, String> found = new HashMap<>();
    for (String value : values) {
      Map<String, String> ofValue = new Scanner(value).preferences();
      if (ofValue != null) {
        ofValue.forEach(found::putIfAbsent);
      }
    }
    return new Preferences(wholeNumber(found.get("odata.maxpagesize")), returning(found.get("return")));
  }

  private static Integer wholeNumber(String value) {
    if (value == null || value.isEmpty() || value.length() > 9) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return null;
      }
    }
    return Integer.valueOf(value);
  }

  private static Return returning(String value) {
    return "minimal".equals(value) ? Return.MINIMAL : "representation".equals(value) ? Return.REPRESENTATION : null;
  }

  /**
   * {@code preference *( "," preference )}, where {@code preference = token [ "=" word ] *( ";" [ token [ "=" word ] ] )}
   * and {@code word = token / quoted-string}; spaces around the separators.
   */
  private static final class Scanner {
    private final String text;
    private int at;

    Scanner(String text) {
      this.text = text;
    }

    /** Name (lower case) to value (null for none) of each preference, or null when malformed. */
    Map<String, String> preferences() {
      Map<String, String> out = new HashMap<>();
      while (true) {
        skipSpaceAnd(',');
        if (at == text.length()) {
          return out;
        }
        String name = token();
        if (name == null) {
          return null;
        }
        String value = null;
        space();
        if (peek('=')) {
          at++;
          space();
          value = word();
          if (value == null) {
            return null;
          }
        }
        out.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
        if (!parameters()) {
          return null;
        }
        space();
        if (at < text.length() && !peek(',')) {
          return null;
        }
      }
    }

    /** {@code *( ";" [ token [ "=" word ] ] )}, read and dropped; false when malformed. */
    private boolean parameters() {
      while (true) {
        space();
        if (!peek(';')) {
          return true;
        }
        at++;
        space();
        if (at == text.length() || peek(',') || peek(';')) {
          continue;
        }
        if (token() == null) {
          return false;
        }
        space();
        if (peek('=')) {
          at++;
          space();
          if (word() == null) {
            return false;
          }
        }
      }
    }

    private String word() {
      return peek('"') ? quoted() : token();
    }

    private String token() {
      int start = at;
      while (at < text.length() && isTokenChar(text.charAt(at))) {
        at++;
      }
      return at > start ? text.substring(start, at) : null;
    }

    /** A quoted string's content, escapes resolved; null when unterminated. */
    private String quoted() {
      StringBuilder out = new StringBuilder();
      at++;
      while (at < text.length()) {
        char c = text.charAt(at++);
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\') {
          if (at == text.length()) {
            return null;
          }
          c = text.charAt(at++);
        }
        out.append(c);
      }
      return null;
    }

    private boolean peek(char c) {
      return at < text.length() && text.charAt(at) == c;
    }

    private void space() {
      while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
        at++;
      }
    }

    private void skipSpaceAnd(char separator) {
      while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t' || text.charAt(at) == separator)) {
        at++;
      }
    }

    /** RFC 7230 tchar. */
    private static boolean isTokenChar(char c) {
      return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
  }
}
