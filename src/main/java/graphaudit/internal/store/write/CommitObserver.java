package graphaudit.internal.store.write;

/** Told of each group commit of the {@link WriteQueue}, e.g. for metrics. Called on the writer thread. */
public interface CommitObserver {

  CommitObserver NONE = new CommitObserver() {
    @Override
    public void queued(long nanos) {
    }

    @Override
    public void committed(int writes, long nanos) {
    }
  };

  /** A write waited {@code nanos} in the queue before its batch started. */
  void queued(long nanos);

  /** A batch of {@code writes} writes ran and committed in {@code nanos}. */
  void committed(int writes, long nanos);
}
