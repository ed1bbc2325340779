package graphaudit.pipeline;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HashMap;
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

  /** The times of the requests counted in one window, oldest first. */
  private static final class TenantWindows {
    final Map<String, ArrayDeque<Long>> windows = new HashMap<>();
  }

  /**
   * Counts a request of {@code app} in {@code tenant}.
   *
   * @throws GraphException a 429 with Retry-After when a window is full
   */
  void admit(String tenant, String app, boolean write) {
    TenantWindows state = tenants.computeIfAbsent(tenant, t -> new TenantWindows());
    synchronized (state) {
      long now = clock.millis();
      long freeAt = Long.MIN_VALUE;
      ThrottleLimits.Limit full = null;
      ArrayDeque<Long>[] counted = counted(state, app, write);
      for (int i = 0; i < counted.length; i++) {
        ArrayDeque<Long> window = counted[i];
        if (window == null) {
          continue;
        }
        ThrottleLimits.Limit limit = limits.limits().get(i);
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
      for (ArrayDeque<Long> window : counted) {
        if (window != null) {
          window.addLast(now);
        }
      }
    }
  }

  /** The window of each limit that counts this request, by the limit's index (null where none does). */
  @SuppressWarnings("unchecked")
  private ArrayDeque<Long>[] counted(TenantWindows state, String app, boolean write) {
    ArrayDeque<Long>[] windows = new ArrayDeque[limits.limits().size()];
    for (int i = 0; i < windows.length; i++) {
      ThrottleLimits.Limit limit = limits.limits().get(i);
      if (!limit.writesOnly() || write) {
        String key = limit.perTenant() ? Integer.toString(i) : i + "|" + app;
        windows[i] = state.windows.computeIfAbsent(key, k -> new ArrayDeque<>());
      }
    }
    return windows;
  }
}
