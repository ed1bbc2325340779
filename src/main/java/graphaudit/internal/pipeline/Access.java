package graphaudit.internal.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Who may use a {@link Route}, checked by the gate ({@code AccessStage}) and nowhere else: where the
 * route is served (always, in dev mode only, in dev mode on a loopback listener only) and what
 * credential it asks for (none, a Graph token holding the permission the method needs, any valid
 * Graph token, or the metrics token). Immutable.
 */
public final class Access {

  /** The credential a route asks for. */
  public enum Credential {
    /** None: anyone may call. */
    NONE,
    /** A valid Graph token holding a permission that allows the method (GET: Read or ReadWrite; others: ReadWrite). */
    GRAPH_TOKEN,
    /** A valid Graph token, whatever it holds ({@code $batch}: each request inside is checked for its own method). */
    ANY_GRAPH_TOKEN,
    /** {@code Authorization: Bearer <--metrics-token>} when one is configured, else none. */
    METRICS_TOKEN
  }

  /** Where a route is served at all. */
  public enum Place {
    ALWAYS,
    /** In dev mode ({@code --auth dev}) only: a 403 otherwise. */
    DEV_MODE,
    /** In dev mode, and only when every listener is on a loopback interface. */
    DEV_MODE_ON_LOOPBACK
  }

  private final Credential credential;
  private final Place place;
  private final byte[] secret;

  private Access(Credential credential, Place place, byte[] secret) {
    this.credential = credential;
    this.place = place;
    this.secret = secret;
  }

  public static Access open() {
    return new Access(Credential.NONE, Place.ALWAYS, null);
  }

  public static Access token() {
    return new Access(Credential.GRAPH_TOKEN, Place.ALWAYS, null);
  }

  public static Access anyToken() {
    return new Access(Credential.ANY_GRAPH_TOKEN, Place.ALWAYS, null);
  }

  /** @param token the metrics token, or null for none (then the route is open) */
  public static Access metricsToken(String token) {
    return token == null ? open()
        : new Access(Credential.METRICS_TOKEN, Place.ALWAYS, ("Bearer " + token).getBytes(StandardCharsets.UTF_8));
  }

  /** This access, in dev mode only. */
  public Access devOnly() {
    return new Access(credential, Place.DEV_MODE, secret);
  }

  /** This access, in dev mode on a loopback listener only. */
  public Access devOnlyOnLoopback() {
    return new Access(credential, Place.DEV_MODE_ON_LOOPBACK, secret);
  }

  public Credential credential() {
    return credential;
  }

  public Place place() {
    return place;
  }

  /** The {@code Authorization} value {@link Credential#METRICS_TOKEN} asks for, as bytes. */
  byte[] secret() {
    return secret == null ? null : Arrays.copyOf(secret, secret.length);
  }

  @Override
  public String toString() {
    return credential + (place == Place.ALWAYS ? "" : " (" + place + ")");
  }
}
