package graphaudit.internal.emulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The limits of the throttling emulation, from {@code --throttle}: {@code graph} for Graph's documented
 * Intune auditing limits (per app per tenant 100 writes and 1000 requests, per tenant 200 writes and
 * 2000 requests, in sliding 20-second windows), or a list such as
 * {@code requests=50/10s,writes=5/10s,tenant-requests=80/10s,tenant-writes=8/1m} ({@code requests} and
 * {@code writes} per app per tenant, the {@code tenant-} ones per tenant). Immutable.
 */
public record ThrottleLimits(String spec, List<Limit> limits) {

  public static final String GRAPH = "graph";
  private static final Pattern LIMIT = Pattern.compile("(tenant-)?(requests|writes)=(\\d{1,9})/(\\d{1,6})(s|m)");

  /** What is counted, for whom, how many in which window. */
  record Limit(boolean perTenant, boolean writesOnly, int max, Duration window) {

    String describe() {
      return max + (writesOnly ? " writes" : " requests") + " per " + window.toSeconds() + " s per "
          + (perTenant ? "tenant" : "app per tenant");
    }
  }

  public ThrottleLimits {
    limits = List.copyOf(limits);
  }

  /**
   * The limits {@code spec} names, or null for {@code off} (or blank).
   *
   * @throws IllegalArgumentException when it names none
   */
  public static ThrottleLimits parse(String spec) {
    String text = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
    if (text.isEmpty() || text.equals("off")) {
      return null;
    }
    if (text.equals(GRAPH)) {
      Duration window = Duration.ofSeconds(20);
      return new ThrottleLimits(GRAPH, List.of(new Limit(false, true, 100, window), new Limit(false, false, 1000, window),
          new Limit(true, true, 200, window), new Limit(true, false, 2000, window)));
    }
    List<Limit> limits = new ArrayList<>();
    for (String part : text.split(",")) {
      Matcher m = LIMIT.matcher(part.trim());
      if (!m.matches() || Integer.parseInt(m.group(3)) == 0 || Integer.parseInt(m.group(4)) == 0) {
        throw new IllegalArgumentException("--throttle takes 'graph', 'off' or limits such as "
            + "'requests=50/10s,writes=5/10s' (also tenant-requests=, tenant-writes=); not '" + part.trim() + "'");
      }
      long amount = Long.parseLong(m.group(4));
      limits.add(new Limit(m.group(1) != null, m.group(2).equals("writes"), Integer.parseInt(m.group(3)),
          m.group(5).equals("m") ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount)));
    }
    return new ThrottleLimits(text, limits);
  }
}
