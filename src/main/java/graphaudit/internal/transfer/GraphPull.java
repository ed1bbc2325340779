package graphaudit.internal.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;

/**
 * Reads a Graph list request page by page, as a collector must: follows every
 * {@code @odata.nextLink}; on 429 and 503 waits what {@code Retry-After} says (else backs off
 * exponentially, 1 s doubling to 60 s, with jitter), as on 500, 502, 504 and a lost connection; renews
 * a refused client-credentials token once; gives up after {@value #ATTEMPTS} tries of one page or on a
 * refusal no retry mends (a 4xx: Graph's message in one line). Each page goes to the {@link Pages} sink
 * with the state after it, which stores its events and saves the state, so a pull killed anywhere goes
 * on from its last stored page. Not thread-safe.
 */
public final class GraphPull {

  static final int ATTEMPTS = 10;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

  /** Stores one page's events, then the state after it. */
  @FunctionalInterface
  public interface Pages {
    void store(byte[] page, PullState after) throws IOException;
  }

  /** How the pull waits (the real clock's sleep; tests may count instead). */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final HttpClient http;
  private final TokenSource tokens;
  private final Sleeper sleeper;
  private final PrintWriter log;
  private final Random jitter = new Random();
  private long retries;

  public GraphPull(HttpClient http, TokenSource tokens, Sleeper sleeper, PrintWriter log) {
    this.http = http;
    this.tokens = tokens;
    this.sleeper = sleeper;
    this.log = log;
  }

  /** Pulls from {@code state}'s next page to the last; returns the final state (its {@code next} null). */
  public PullState run(PullState state, Pages pages) throws IOException {
    PullState at = state;
    while (at.next() != null) {
      byte[] body = fetch(URI.create(at.next()), at.pages() + 1);
      JsonNode page;
      try {
        page = JSON.readTree(body);
      } catch (IOException e) {
        throw new PullFailure("page " + (at.pages() + 1) + " (" + at.next() + ") is not JSON: " + e.getMessage(), e);
      }
      if (page == null || !page.path("value").isArray()) {
        throw new PullFailure("page " + (at.pages() + 1) + " (" + at.next() + ") is not a Graph list response "
            + "(no value array): give a list request such as https://graph.microsoft.com/beta/deviceManagement/"
            + "auditEvents", null);
      }
      JsonNode next = page.get("@odata.nextLink");
      PullState after = at.after(next == null || next.isNull() ? null : next.asText(), page.get("value").size());
      pages.store(body, after);
      at = after;
    }
    return at;
  }

  /** Retries made so far (throttled, faulted, lost). */
  public long retries() {
    return retries;
  }

  private byte[] fetch(URI uri, long number) throws IOException {
    boolean renewed = false;
    for (int attempt = 1; ; attempt++) {
      HttpResponse<byte[]> response;
      try {
        response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(2))
            .header("Authorization", "Bearer " + tokens.token()).header("Accept", "application/json").GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        waitBeforeRetry(number, attempt, "the connection failed (" + e.getMessage() + ")", backoff(attempt), e);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PullFailure("interrupted", e);
      }
      int status = response.statusCode();
      if (status == 200) {
        return response.body();
      }
      if (status == 401 && !renewed && tokens.renew()) {
        renewed = true;
        continue;
      }
      if (status == 429 || status == 503 || status == 500 || status == 502 || status == 504) {
        Duration retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
        waitBeforeRetry(number, attempt, status + (retryAfter != null ? ", Retry-After " + retryAfter.toSeconds() + " s"
            : ""), retryAfter != null ? retryAfter : backoff(attempt), null);
        continue;
      }
      throw new PullFailure("page " + number + ": " + uri + " answered " + status + ": " + graphMessage(response.body()),
          null);
    }
  }

  private void waitBeforeRetry(long number, int attempt, String why, Duration wait, Throwable cause) {
    if (attempt >= ATTEMPTS) {
      throw new PullFailure("page " + number + ": gave up after " + ATTEMPTS + " tries, the last " + why
          + " (import --from … --resume goes on from here)", cause);
    }
    retries++;
    log.printf("page %d: %s; retrying in %.1f s%n", number, why, wait.toMillis() / 1000.0);
    log.flush();
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PullFailure("interrupted", e);
    }
  }

  /** 1 s, 2 s, 4 s … up to 60 s, each ±20 % so that many clients do not retry in step. */
  private Duration backoff(int attempt) {
    long base = Math.min(LONGEST_WAIT.toMillis(), 1000L << Math.min(attempt - 1, 16));
    return Duration.ofMillis(Math.round(base * (0.8 + 0.4 * jitter.nextDouble())));
  }

  /** {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
  static Duration retryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      long seconds = Long.parseLong(value.trim());
      return Duration.ofSeconds(Math.max(0, Math.min(seconds, 3600)));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.trim(),
            DateTimeFormatter.RFC_1123_DATE_TIME));
        return until.isNegative() ? Duration.ZERO : until;
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }

  /** Graph's {@code error.message}, or the start of whatever else the body is. */
  private static String graphMessage(byte[] body) {
    try {
      JsonNode error = JSON.readTree(body).path("error");
      if (error.path("message").isTextual()) {
        return error.path("code").asText("") + ": " + error.path("message").asText();
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: shown as text below
    }
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }
}
