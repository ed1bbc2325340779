package graphaudit.internal.pipeline;

/**
 * A reply and the tenant it was answered for (null when no token was accepted), for the access log.
 * Immutable.
 */
public record Handled(GraphReply reply, String tenantId) {
}
