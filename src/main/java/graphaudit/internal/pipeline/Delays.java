package graphaudit.internal.pipeline;

/**
 * How long the reply to a request is held back before it is sent (Graph's latency, emulated), on the
 * routes that say {@link Route#delayed()}. The HTTP adapter waits without holding a thread. Thread-safe.
 */
@FunctionalInterface
public interface Delays {

  /** No delay. */
  Delays NONE = request -> 0;

  /** The delay of the reply to {@code request}, in nanoseconds (0: none). */
  long nanos(GraphRequest request);
}
