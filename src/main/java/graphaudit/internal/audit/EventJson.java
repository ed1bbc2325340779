package graphaudit.internal.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An event's response JSON, a cache rendered from its canonical form when it is written and stored
 * with it, so a page of events is answered by copying bytes instead of rebuilding every event from its
 * columns. {@code utf8} is the beta form (the superset) as UTF-8, the bytes an answer sends; the v1.0
 * form is the same bytes without the spans {@code [betaOnly[2i], betaOnly[2i+1])} (byte offsets) that
 * hold beta-only members. {@code schema} is the {@link SchemaFingerprint} it was rendered under: under
 * another schema it is stale and not used.
 */
public record EventJson(byte[] utf8, int[] betaOnly, String schema) {

  public EventJson {
    if (betaOnly.length % 2 != 0) {
      throw new IllegalArgumentException("beta-only spans come in pairs");
    }
    for (int i = 0; i < betaOnly.length; i += 2) {
      if (betaOnly[i] > betaOnly[i + 1] || betaOnly[i] < (i == 0 ? 0 : betaOnly[i - 1])
          || betaOnly[i + 1] > utf8.length) {
        throw new IllegalArgumentException("beta-only spans " + Arrays.toString(betaOnly) + " outside the body");
      }
    }
  }

  /**
   * The event object as {@code version}'s root writes it, as UTF-8: the stored array itself (shared, so
   * never to be changed) or a cut copy.
   */
  public byte[] utf8In(ApiVersion version) {
    if (version == ApiVersion.BETA || betaOnly.length == 0) {
      return utf8;
    }
    int cut = 0;
    for (int i = 0; i < betaOnly.length; i += 2) {
      cut += betaOnly[i + 1] - betaOnly[i];
    }
    byte[] out = new byte[utf8.length - cut];
    int from = 0;
    int to = 0;
    for (int i = 0; i < betaOnly.length; i += 2) {
      System.arraycopy(utf8, from, out, to, betaOnly[i] - from);
      to += betaOnly[i] - from;
      from = betaOnly[i + 1];
    }
    System.arraycopy(utf8, from, out, to, utf8.length - from);
    return out;
  }

  /** {@link #utf8In} as text. */
  public String in(ApiVersion version) {
    return new String(utf8In(version), StandardCharsets.UTF_8);
  }

  /** The spans as stored: {@code "from-to,from-to"} (empty: none). */
  public String spansText() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < betaOnly.length; i += 2) {
      out.append(i == 0 ? "" : ",").append(betaOnly[i]).append('-').append(betaOnly[i + 1]);
    }
    return out.toString();
  }

  /** The spans {@link #spansText} wrote. */
  public static int[] parseSpans(String text) {
    if (text == null || text.isEmpty()) {
      return new int[0];
    }
    String[] spans = text.split(",");
    int[] out = new int[spans.length * 2];
    for (int i = 0; i < spans.length; i++) {
      int dash = spans[i].indexOf('-');
      out[2 * i] = Integer.parseInt(spans[i], 0, dash, 10);
      out[2 * i + 1] = Integer.parseInt(spans[i], dash + 1, spans[i].length(), 10);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EventJson other && Arrays.equals(utf8, other.utf8) && Arrays.equals(betaOnly, other.betaOnly)
        && schema.equals(other.schema);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(utf8);
  }

  @Override
  public String toString() {
    return "EventJson[" + schema + ", " + spansText() + "] " + new String(utf8, StandardCharsets.UTF_8);
  }
}
