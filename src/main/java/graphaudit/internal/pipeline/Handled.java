package graphaudit.internal.pipeline;

/**
 * A reply, the tenant it was answered for (null when no token was accepted, for the access log) and
 * how long to hold it back before sending it (the latency emulation; 0 for none). Immutable.
 */
public record Handled(GraphReply reply, String tenantId, long delayNanos) {
}
