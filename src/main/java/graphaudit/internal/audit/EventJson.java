package graphaudit.internal.audit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An event's response JSON, a cache rendered from its canonical form when it is written and stored
 * with it, so a page of events is answered by copying text instead of rebuilding every event from its
 * columns. {@code body} is the beta form (the superset); the v1.0 form is the same text without the
 * spans {@code [betaOnly[2i], betaOnly[2i+1])} that hold beta-only members. {@code schema} is the
 * {@link SchemaFingerprint} it was rendered under: under another schema it is stale and not used.
 */
public record EventJson(String body, int[] betaOnly, String schema) {

  public EventJson {
    if (betaOnly.length % 2 != 0) {
      throw new IllegalArgumentException("beta-only spans come in pairs");
    }
    for (int i = 0; i < betaOnly.length; i += 2) {
      if (betaOnly[i] > betaOnly[i + 1] || betaOnly[i] < (i == 0 ? 0 : betaOnly[i - 1])
          || betaOnly[i + 1] > body.length()) {
        throw new IllegalArgumentException("beta-only spans " + Arrays.toString(betaOnly) + " outside the body");
      }
    }
  }

  /** The event object as {@code version}'s root writes it. */
  public String in(ApiVersion version) {
    if (version == ApiVersion.BETA || betaOnly.length == 0) {
      return body;
    }
    StringBuilder out = new StringBuilder(body.length());
    int from = 0;
    for (int i = 0; i < betaOnly.length; i += 2) {
      out.append(body, from, betaOnly[i]);
      from = betaOnly[i + 1];
    }
    return out.append(body, from, body.length()).toString();
  }

  /**
   * {@link #in} as UTF-8. An ASCII body (the usual one) is encoded once and the spans cut from the bytes,
   * its offsets being the same; cutting the text first cost a v1.0 export two more copies of every event.
   */
  public byte[] utf8In(ApiVersion version) {
    if (version == ApiVersion.BETA || betaOnly.length == 0) {
      return body.getBytes(StandardCharsets.UTF_8);
    }
    byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
    if (utf8.length != body.length()) {
      return in(version).getBytes(StandardCharsets.UTF_8);
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
    return o instanceof EventJson other && body.equals(other.body) && Arrays.equals(betaOnly, other.betaOnly)
        && schema.equals(other.schema);
  }

  @Override
  public int hashCode() {
    return body.hashCode();
  }

  @Override
  public String toString() {
    return "EventJson[" + schema + ", " + spansText() + "] " + body;
  }
}
