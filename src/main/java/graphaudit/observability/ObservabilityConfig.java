package graphaudit.observability;

/**
 * What an operator watches the service through, beyond the viewer. Immutable.
 *
 * @param accessLog    {@code stdout}, a file to append to, or null for no access log
 * @param metricsToken the bearer token {@code /metrics} asks for, or null for an open {@code /metrics}
 */
public record ObservabilityConfig(String accessLog, String metricsToken) {

  public static final ObservabilityConfig OFF = new ObservabilityConfig(null, null);
}
