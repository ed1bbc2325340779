package graphaudit.internal.emulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The latency emulation's rules and draws: the distribution it is told, repeatable with a seed. */
class LatencyTest {

  private static final int DRAWS = 2_000;

  @Test
  void p50AndP99DrawALogNormalWithThatMedianAndTail() {
    long[] draws = draws(Latency.parse("p50=120ms,p99=900ms,seed=7"), "beta", "list");
    double p50 = quantile(draws, 0.50) / 1e6;
    double p99 = quantile(draws, 0.99) / 1e6;
    assertTrue(Math.abs(p50 - 120) <= 12, "median " + p50 + " ms, configured 120 ms (±10 %)");
    assertTrue(Math.abs(p99 - 900) <= 180, "99th percentile " + p99 + " ms, configured 900 ms (±20 %)");
    assertTrue(Arrays.stream(draws).allMatch(d -> d > 0));
  }

  @Test
  void theSameSeedDrawsTheSameDelaysAndAnotherSeedOthers() {
    long[] a = draws(Latency.parse("p50=120ms,p99=900ms,seed=7"), "v1.0", "get");
    long[] b = draws(Latency.parse("p50=120ms,p99=900ms,seed=7"), "v1.0", "get");
    long[] c = draws(Latency.parse("p50=120ms,p99=900ms,seed=8"), "v1.0", "get");
    assertEquals(Arrays.toString(a), Arrays.toString(b));
    assertNotEquals(Arrays.toString(a), Arrays.toString(c));
  }

  @Test
  void theMostSpecificRuleWinsAndARequestNoRuleNamesWaitsNot() {
    Latency latency = Latency.parse("fixed=10ms;beta:fixed=20ms;list:fixed=30ms;beta/list:fixed=40ms");
    assertEquals(40_000_000, latency.sample("beta", "list"));
    assertEquals(30_000_000, latency.sample("v1.0", "list"));
    assertEquals(20_000_000, latency.sample("beta", "get"));
    assertEquals(10_000_000, latency.sample("v1.0", "get"));
    assertEquals(0, Latency.parse("list:fixed=30ms").sample("v1.0", "get"));
  }

  @Test
  void theSpecShownParsesBackToTheSameDraws() {
    Latency first = Latency.parse("list:p50=300ms,p99=2s;fixed=1.5s");
    Latency again = Latency.parse(first.spec());
    assertEquals(first.spec(), again.spec());
    assertEquals(first.sample("beta", "list"), again.sample("beta", "list"));
    assertEquals(1_500_000_000L, again.sample("beta", "get"));
    assertTrue(first.spec().startsWith("list:p50=300ms,p99=2000ms;fixed=1500ms,seed="), first.spec());
  }

  @Test
  void offAndMistakesSayWhatIsWrong() {
    assertNull(Latency.parse("off"));
    assertNull(Latency.parse(" "));
    for (String bad : new String[] {"fixed=abc", "p50=900ms,p99=120ms", "lists:fixed=1ms", "fixed=1ms,p50=2ms",
        "fixed=1ms;fixed=2ms", "seed=7", "speed=1ms", "fixed=1ms,seed=x"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Latency.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("--latency takes 'off', 'fixed=200ms'"), e.getMessage());
    }
  }

  private static long[] draws(Latency latency, String root, String operation) {
    long[] draws = new long[DRAWS];
    for (int i = 0; i < DRAWS; i++) {
      draws[i] = latency.sample(root, operation);
    }
    return draws;
  }

  private static double quantile(long[] values, double q) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.ceil(q * sorted.length) - 1];
  }
}
