package graphaudit.internal.emulation;

import java.time.Clock;

/**
 * How the service emulates Graph's pressure and latency at start-up; each switch can change at run time through
 * the dev-mode admin request. Immutable.
 *
 * @param throttle {@code --throttle}: {@code off}, {@code graph} or custom limits ({@link ThrottleLimits})
 * @param faults   {@code --faults}: {@code off} or e.g. {@code rate=0.05,statuses=429+503+504,seed=7}
 * @param latency  {@code --latency}: {@code off}, {@code fixed=200ms} or e.g. {@code p50=120ms,p99=900ms,seed=7} ({@link Latency})
 * @param clock    the time the throttling windows are measured in (tests inject their own)
 */
public record EmulationConfig(String throttle, String faults, String latency, Clock clock) {

  /** All off, on the system clock. */
  public static final EmulationConfig OFF = new EmulationConfig("off", "off", "off", Clock.systemUTC());

  /**
   * @throws IllegalArgumentException when a switch is malformed
   */
  public EmulationConfig {
    ThrottleLimits.parse(throttle);
    Faults.parse(faults);
    Latency.parse(latency);
  }
}
