package graphaudit.internal.emulation;

import graphaudit.internal.pipeline.GraphException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The fault injection emulation, from {@code --faults rate=0.05,statuses=429+503+504,seed=7}: that
 * share of requests is answered with one of those statuses (Graph-shaped, {@code Retry-After: 1} on 429
 * and 503) before it reaches the store. The same seed and the same sequence of requests give the same
 * faults. Thread-safe.
 */
final class Faults {

  private static final List<Integer> DEFAULT_STATUSES = List.of(429, 503, 504);

  private final double rate;
  private final List<Integer> statuses;
  private final long seed;
  private final Random random;

  private Faults(double rate, List<Integer> statuses, long seed) {
    this.rate = rate;
    this.statuses = List.copyOf(statuses);
    this.seed = seed;
    this.random = new Random(seed);
  }

  /**
   * The faults {@code spec} describes, or null for {@code off} (or blank). Without a seed, a random one.
   *
   * @throws IllegalArgumentException when it is malformed
   */
  static Faults parse(String spec) {
    String text = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
    if (text.isEmpty() || text.equals("off")) {
      return null;
    }
    Double rate = null;
    List<Integer> statuses = DEFAULT_STATUSES;
    long seed = new Random().nextLong();
    try {
      for (String part : text.split(",")) {
        String[] nameValue = part.trim().split("=", 2);
        String value = nameValue.length == 2 ? nameValue[1].trim() : "";
        switch (nameValue[0].trim()) {
          case "rate" -> rate = Double.parseDouble(value);
          case "statuses" -> statuses = statuses(value);
          case "seed" -> seed = Long.parseLong(value);
          default -> throw new IllegalArgumentException("unknown setting '" + nameValue[0].trim() + "'");
        }
      }
    } catch (NumberFormatException e) {
      throw invalid(spec, "a number is malformed");
    } catch (IllegalArgumentException e) {
      throw invalid(spec, e.getMessage());
    }
    if (rate == null || !(rate >= 0 && rate <= 1)) {
      throw invalid(spec, "rate must be given, between 0 and 1");
    }
    return new Faults(rate, statuses, seed);
  }

  private static List<Integer> statuses(String value) {
    List<Integer> statuses = new ArrayList<>();
    for (String status : value.split("[+| ]")) {
      int code = Integer.parseInt(status.trim());
      if (code < 400 || code > 599) {
        throw new IllegalArgumentException("statuses must be between 400 and 599");
      }
      statuses.add(code);
    }
    return statuses;
  }

  private static IllegalArgumentException invalid(String spec, String problem) {
    return new IllegalArgumentException("--faults takes 'off' or e.g. 'rate=0.05,statuses=429+503+504,seed=7' ("
        + problem + "): '" + spec + "'");
  }

  /** This setting in {@code --faults} form, seed included. */
  String spec() {
    return "rate=" + rate + ",statuses=" + statuses.stream().map(String::valueOf).collect(Collectors.joining("+"))
        + ",seed=" + seed;
  }

  /**
   * Draws for one request.
   *
   * @throws GraphException the injected fault, when the draw says so
   */
  void draw() {
    int status;
    synchronized (random) {
      if (random.nextDouble() >= rate) {
        return;
      }
      status = statuses.get(random.nextInt(statuses.size()));
    }
    throw new GraphException(status, "Fault injected by this service's fault emulation (--faults " + spec() + ").",
        status == 429 || status == 503 ? Map.of("Retry-After", "1") : Map.of());
  }
}
