package graphaudit.internal.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens already validated, so a client reusing its token (as SDKs do for an hour) pays for the
 * signature check once: the exact token string maps to its caller until the token's expiry. A
 * different string (any altered byte) is validated afresh. Bounded; thread-safe.
 */
final class ValidatedTokens {

  private static final int MAX_ENTRIES = 10_000;

  private record Entry(Caller caller, Instant expires) {
  }

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;

  ValidatedTokens(Clock clock) {
    this.clock = clock;
  }

  /** The caller of a token validated before and not yet expired, or null. */
  Caller get(String token) {
    Entry entry = entries.get(token);
    if (entry == null) {
      return null;
    }
    if (!clock.instant().isBefore(entry.expires())) {
      entries.remove(token);
      return null;
    }
    return entry.caller();
  }

  void put(String token, Caller caller, Instant expires) {
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear(); // crude but bounded: a burst of distinct tokens only costs re-validation
    }
    entries.put(token, new Entry(caller, expires));
  }
}
