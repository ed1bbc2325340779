package graphaudit.internal.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A validated token is remembered exactly until its expiry, and only for the exact same string. */
class ValidatedTokensTest {

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final Caller caller = new Caller("t", "app", Caller.Kind.DELEGATED, Set.of(Permissions.READ_WRITE));

  @Test
  void rememberedUntilExpiryThenForgotten() {
    MovableClock clock = new MovableClock();
    ValidatedTokens tokens = new ValidatedTokens(clock);
    tokens.put("a.b.c", caller, clock.now.plus(Duration.ofMinutes(10)));

    assertEquals(caller, tokens.get("a.b.c"));
    assertNull(tokens.get("a.b.d"), "another string is not the same token");
    clock.now = clock.now.plus(Duration.ofMinutes(10));
    assertNull(tokens.get("a.b.c"), "expired: validated afresh (and refused) by the caller");
  }
}
