package graphaudit.internal.pipeline;

/** Told of every request the service answered (not of a batch's items), e.g. to count it. Thread-safe. */
@FunctionalInterface
public interface RequestObserver {

  /** @param nanos time spent in the pipeline */
  void answered(GraphRequest request, GraphReply reply, long nanos);

  /** Told when the latency emulation holds the reply to {@code request} back for {@code nanos}. */
  default void delayed(GraphRequest request, long nanos) {
  }
}
