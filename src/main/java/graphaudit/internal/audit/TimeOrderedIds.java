package graphaudit.internal.audit;

import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-ordered GUIDs (RFC 9562 version 7: 48-bit Unix milliseconds, then random bits). They are
 * ordinary GUIDs to clients, but consecutive ids land next to each other in the id index, so a new
 * event touches the index's last page instead of a random one (random ids made every group commit
 * rewrite a page per event). Thread-safe.
 */
public final class TimeOrderedIds {

  private TimeOrderedIds() {
  }

  /** An id for something created now. */
  public static UUID next() {
    return at(System.currentTimeMillis(), ThreadLocalRandom.current());
  }

  /** An id for something that happened at {@code epochMillis}, random bits from {@code random}. */
  public static UUID at(long epochMillis, Random random) {
    long high = (epochMillis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low);
  }
}
