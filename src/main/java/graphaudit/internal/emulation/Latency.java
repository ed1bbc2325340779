package graphaudit.internal.emulation;

import graphaudit.internal.request.Operation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Graph's latency, emulated, from {@code --latency}: rules separated by {@code ;}, each a delay
 * ({@code fixed=200ms}, or {@code p50=120ms,p99=900ms}: a log-normal distribution with that median and
 * 99th percentile, the shape of a service's response times) for the requests it names — all
 * ({@code p50=…}), a root ({@code beta:…}), an operation ({@code list:…}: list, get, create, update,
 * delete, function, batch, metadata) or both ({@code v1.0/get:…}); the most specific rule wins, a
 * request no rule names is not delayed. {@code seed=7} (in any rule) makes the draws repeat: the same
 * seed and the same sequence of requests give the same delays. Thread-safe.
 */
final class Latency {

  private static final Set<String> ROOTS = Set.of("v1.0", "beta");
  private static final Set<String> OPERATIONS = Set.of("list", "get", "create", "update", "delete", "function",
      "batch", "metadata", "other");
  /** The standard normal's 99th percentile: p99 = p50 · e^(σ · Z99). */
  private static final double Z99 = 2.3263478740408408;
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s)");

  /** One rule's delay: a median and a log-normal spread (0 for a fixed delay). */
  record Delay(double medianNanos, double sigma) {
    long sample(Random random) {
      return sigma == 0 ? Math.round(medianNanos) : Math.round(medianNanos * Math.exp(sigma * random.nextGaussian()));
    }
  }

  private final Map<String, Delay> rules;
  private final String spec;
  private final long seed;
  private final Random random;

  private Latency(Map<String, Delay> rules, String spec, long seed) {
    this.rules = Map.copyOf(rules);
    this.spec = spec;
    this.seed = seed;
    this.random = new Random(seed);
  }

  /**
   * The latency {@code spec} describes, or null for {@code off} (or blank). Without a seed, a random one.
   *
   * @throws IllegalArgumentException when it is malformed
   */
  static Latency parse(String spec) {
    String text = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
    if (text.isEmpty() || text.equals("off")) {
      return null;
    }
    Map<String, Delay> rules = new LinkedHashMap<>();
    List<String> shown = new ArrayList<>();
    Long seed = null;
    for (String rule : text.split(";")) {
      String body = rule.trim();
      String scope = "";
      int colon = body.indexOf(':');
      if (colon >= 0) {
        scope = scope(body.substring(0, colon).trim(), spec);
        body = body.substring(colon + 1).trim();
      }
      Double fixed = null;
      Double p50 = null;
      Double p99 = null;
      for (String part : body.split(",")) {
        String[] nameValue = part.trim().split("=", 2);
        String value = nameValue.length == 2 ? nameValue[1].trim() : "";
        switch (nameValue[0].trim()) {
          case "fixed" -> fixed = nanos(value, spec);
          case "p50" -> p50 = nanos(value, spec);
          case "p99" -> p99 = nanos(value, spec);
          case "seed" -> seed = seed(value, spec);
          default -> throw invalid(spec, "unknown setting '" + nameValue[0].trim() + "'");
        }
      }
      Delay delay;
      if (fixed != null) {
        if (p50 != null || p99 != null) {
          throw invalid(spec, "a rule is fixed= or p50=/p99=, not both");
        }
        delay = new Delay(fixed, 0);
        shown.add(prefix(scope) + "fixed=" + format(fixed));
      } else if (p50 != null) {
        double top = p99 == null ? p50 : p99;
        if (top < p50 || (p50 == 0 && top > 0)) {
          throw invalid(spec, "p99 must be at least p50, and p50 above 0 for a spread");
        }
        delay = new Delay(p50, p50 == 0 ? 0 : Math.log(top / p50) / Z99);
        shown.add(prefix(scope) + "p50=" + format(p50) + ",p99=" + format(top));
      } else if (seed != null && colon < 0 && body.matches("seed=\\S+")) {
        continue; // a rule of its own that only sets the seed
      } else {
        throw invalid(spec, "a rule needs fixed= or p50=");
      }
      if (rules.put(scope, delay) != null) {
        throw invalid(spec, "two rules for " + (scope.isEmpty() ? "every request" : "'" + scope + "'"));
      }
    }
    if (rules.isEmpty()) {
      throw invalid(spec, "a rule needs fixed= or p50=");
    }
    long chosen = seed != null ? seed : new Random().nextLong();
    return new Latency(rules, String.join(";", shown) + ",seed=" + chosen, chosen);
  }

  /** This setting in {@code --latency} form, seed included. */
  String spec() {
    return spec;
  }

  long seed() {
    return seed;
  }

  /** The delay of one request to {@code root}'s {@code operation} (see {@link Operation}), in nanoseconds. */
  long sample(String root, String operation) {
    Delay delay = rules.get(root + "/" + operation);
    delay = delay != null ? delay : rules.get(operation);
    delay = delay != null ? delay : rules.get(root);
    delay = delay != null ? delay : rules.get("");
    if (delay == null) {
      return 0;
    }
    synchronized (random) {
      return Math.max(0, delay.sample(random));
    }
  }

  private static String scope(String scope, String spec) {
    String[] parts = scope.split("/", -1);
    boolean valid = parts.length == 1 ? ROOTS.contains(parts[0]) || OPERATIONS.contains(parts[0])
        : parts.length == 2 && ROOTS.contains(parts[0]) && OPERATIONS.contains(parts[1]);
    if (!valid) {
      throw invalid(spec, "'" + scope + "' names no root (v1.0, beta) or operation (" + String.join(", ",
          new java.util.TreeSet<>(OPERATIONS)) + ")");
    }
    return scope;
  }

  private static double nanos(String value, String spec) {
    Matcher m = DURATION.matcher(value);
    if (!m.matches()) {
      throw invalid(spec, "'" + value + "' is not a duration such as 120ms or 1.5s");
    }
    double amount = Double.parseDouble(m.group(1));
    return m.group(2).equals("ms") ? amount * 1e6 : amount * 1e9;
  }

  private static long seed(String value, String spec) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw invalid(spec, "the seed is a whole number");
    }
  }

  private static String prefix(String scope) {
    return scope.isEmpty() ? "" : scope + ":";
  }

  private static String format(double nanos) {
    Duration d = Duration.ofNanos(Math.round(nanos));
    return d.toNanos() % 1_000_000 == 0 ? d.toMillis() + "ms" : (nanos / 1e6) + "ms";
  }

  private static IllegalArgumentException invalid(String spec, String problem) {
    return new IllegalArgumentException("--latency takes 'off', 'fixed=200ms' or e.g. 'p50=120ms,p99=900ms,seed=7', "
        + "optionally per root or operation ('list:p50=300ms,p99=2s;beta/get:fixed=80ms') (" + problem + "): '"
        + spec + "'");
  }
}
