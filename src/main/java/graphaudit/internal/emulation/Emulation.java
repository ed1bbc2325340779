package graphaudit.internal.emulation;

import graphaudit.internal.auth.Caller;
import graphaudit.internal.pipeline.Admission;
import graphaudit.internal.pipeline.Delays;
import graphaudit.internal.pipeline.GraphException;
import graphaudit.internal.pipeline.GraphRequest;
import graphaudit.internal.request.Operation;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The current throttling, fault and latency settings, switchable while the service runs, and counters
 * of what they did (requests seen, throttled, faulted, delayed) for tests and the admin request.
 * Thread-safe.
 */
public final class Emulation implements Admission, Delays {

  private final Clock clock;
  private volatile Throttle throttle;
  private volatile Faults faults;
  private volatile Latency latency;
  private final AtomicLong seen = new AtomicLong();
  private final AtomicLong delayed = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong faulted = new AtomicLong();

  public Emulation(EmulationConfig config) {
    this.clock = config.clock();
    throttle(config.throttle());
    faults(config.faults());
    latency(config.latency());
  }

  /**
   * Checks the switches (any may be null for unchanged) before any is applied.
   *
   * @throws IllegalArgumentException naming the malformed one
   */
  public static void check(String throttle, String faults, String latency) {
    ThrottleLimits.parse(throttle);
    Faults.parse(faults);
    Latency.parse(latency);
  }

  /** Replaces the throttling (with empty windows). @throws IllegalArgumentException when malformed */
  public void throttle(String spec) {
    ThrottleLimits limits = ThrottleLimits.parse(spec);
    throttle = limits == null ? null : new Throttle(limits, clock);
  }

  /** Replaces the fault injection (its seed starts over). @throws IllegalArgumentException when malformed */
  public void faults(String spec) {
    faults = Faults.parse(spec);
  }

  /** Replaces the latency (its seed starts over). @throws IllegalArgumentException when malformed */
  public void latency(String spec) {
    latency = Latency.parse(spec);
  }

  /** The delay the latency emulation gives the reply to {@code request} (Graph's roots only). */
  @Override
  public long nanos(GraphRequest request) {
    Latency current = latency;
    if (current == null) {
      return 0;
    }
    long nanos = current.sample(Operation.root(request.path()), Operation.of(request.method(), request.path()));
    if (nanos > 0) {
      delayed.incrementAndGet();
    }
    return nanos;
  }

  /**
   * Counts a request of {@code caller} and lets it through, or refuses it as throttled or faulted.
   *
   * @throws GraphException the 429 or injected fault
   */
  @Override
  public void admit(Caller caller, String method) {
    seen.incrementAndGet();
    Throttle currentThrottle = throttle;
    if (currentThrottle != null) {
      try {
        currentThrottle.admit(caller.tenantId(), caller.appId(), !method.equals("GET"));
      } catch (GraphException e) {
        throttled.incrementAndGet();
        throw e;
      }
    }
    Faults currentFaults = faults;
    if (currentFaults != null) {
      try {
        currentFaults.draw();
      } catch (GraphException e) {
        faulted.incrementAndGet();
        throw e;
      }
    }
  }

  public String throttleSpec() {
    Throttle current = throttle;
    return current == null ? "off" : current.limits().spec();
  }

  public String faultsSpec() {
    Faults current = faults;
    return current == null ? "off" : current.spec();
  }

  public String latencySpec() {
    Latency current = latency;
    return current == null ? "off" : current.spec();
  }

  public long delayed() {
    return delayed.get();
  }

  public long seen() {
    return seen.get();
  }

  public long throttled() {
    return throttled.get();
  }

  public long faulted() {
    return faulted.get();
  }
}
