package graphaudit.audit;

/**
 * An event's response JSON, rendered once when it is written and stored with it, so a page of events
 * is answered by copying text instead of rebuilding every event from its columns. {@code body} is the
 * beta form (the superset); the v1.0 form is the same text without {@code [betaOnlyFrom, betaOnlyTo)},
 * the span that holds the beta-only properties (adjacent members of {@code actor}).
 */
public record EventJson(String body, int betaOnlyFrom, int betaOnlyTo) {

  public EventJson {
    if (betaOnlyFrom < 0 || betaOnlyFrom > betaOnlyTo || betaOnlyTo > body.length()) {
      throw new IllegalArgumentException("beta-only span [" + betaOnlyFrom + ", " + betaOnlyTo + ") outside the body");
    }
  }

  /** The event object as {@code version}'s root writes it. */
  public String in(ApiVersion version) {
    if (version == ApiVersion.BETA || betaOnlyFrom == betaOnlyTo) {
      return body;
    }
    return body.substring(0, betaOnlyFrom) + body.substring(betaOnlyTo);
  }
}
