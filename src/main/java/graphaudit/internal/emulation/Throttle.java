package graphaudit.internal.emulation;

import graphaudit.internal.pipeline.GraphException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The throttling emulation: sliding windows per tenant and per app per tenant. A request over any limit
 * is refused with a 429 whose {@code Retry-After} is the whole seconds until that window has room, and
 * is not counted; an admitted one is counted in every window that applies. Thread-safe (a lock per tenant).
 */
final class Throttle {

  private final ThrottleLimits limits;
  private final Clock clock;
  private final Map<String, TenantWindows> tenants = new ConcurrentHashMap<>();

  Throttle(ThrottleLimits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  ThrottleLimits limits() {
    return limits;
  }

  /** A tenant's windows: per limit, the times of the requests it counted, oldest first. */
  private static final class TenantWindows {
    final ArrayDeque<Long>[] tenant;
    final Map<String, ArrayDeque<Long>[]> apps = new HashMap<>();

    TenantWindows(int limits) {
      tenant = windows(limits);
    }
  }

  @SuppressWarnings("unchecked")
  private static ArrayDeque<Long>[] windows(int limits) {
    ArrayDeque<Long>[] windows = new ArrayDeque[limits];
    for (int i = 0; i < limits; i++) {
      windows[i] = new ArrayDeque<>();
    }
    return windows;
  }

  /**
   * Counts a request of {@code app} in {@code tenant}.
   *
   * @throws GraphException a 429 with Retry-After when a window is full
   */
  void admit(String tenant, String app, boolean write) {
    List<ThrottleLimits.Limit> all = limits.limits();
    TenantWindows state = tenants.computeIfAbsent(tenant, t -> new TenantWindows(all.size()));
    synchronized (state) {
      ArrayDeque<Long>[] appWindows = state.apps.computeIfAbsent(app, a -> windows(all.size()));
      long now = clock.millis();
      long freeAt = Long.MIN_VALUE;
      ThrottleLimits.Limit full = null;
      for (int i = 0; i < all.size(); i++) {
        ThrottleLimits.Limit limit = all.get(i);
        if (limit.writesOnly() && !write) {
          continue;
        }
        ArrayDeque<Long> window = limit.perTenant() ? state.tenant[i] : appWindows[i];
        long windowMillis = limit.window().toMillis();
        while (!window.isEmpty() && window.peekFirst() <= now - windowMillis) {
          window.pollFirst();
        }
        if (window.size() >= limit.max() && window.peekFirst() + windowMillis > freeAt) {
          freeAt = window.peekFirst() + windowMillis;
          full = limit;
        }
      }
      if (full != null) {
        long seconds = Math.max(1, (freeAt - now + 999) / 1000);
        throw new GraphException(429, "Too many requests: this service emulates Graph's limit of " + full.describe()
            + ". Retry after " + seconds + " s.", Map.of("Retry-After", Long.toString(seconds)));
      }
      for (int i = 0; i < all.size(); i++) {
        ThrottleLimits.Limit limit = all.get(i);
        if (!limit.writesOnly() || write) {
          (limit.perTenant() ? state.tenant[i] : appWindows[i]).addLast(now);
        }
      }
    }
  }
}
