package graphaudit.internal.audit;

import java.util.Optional;

/** A Graph service root: the URL segment and the schema version it serves. */
public enum ApiVersion {
  V1_0("v1.0"),
  BETA("beta");

  private final String segment;

  ApiVersion(String segment) {
    this.segment = segment;
  }

  /** The first path segment of this root, e.g. {@code beta}. */
  public String segment() {
    return segment;
  }

  /** The root named by a path segment, matched case-insensitively as Graph does. */
  public static Optional<ApiVersion> fromSegment(String segment) {
    for (ApiVersion v : values()) {
      if (v.segment.equalsIgnoreCase(segment)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
