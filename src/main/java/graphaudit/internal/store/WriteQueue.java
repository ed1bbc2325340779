package graphaudit.internal.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one writer thread runs a batch of queued writes in one transaction, a savepoint per
 * write so that a failing write fails alone, commits, and only then answers the callers. Concurrent
 * writers share one commit; a lone writer pays it alone.
 *
 * <p>Being the only thread that writes is what keeps the embedded H2 file crash-consistent: with
 * {@code WRITE_DELAY=0} (see {@link Database#h2FileUrl}) H2 stores its pages synchronously in the
 * committing thread, so no store ever runs while another thread has a write transaction open, and a
 * commit is in the file (the operating system's cache) when it returns. An H2 server's file belongs
 * to another process: there the batch ends with a {@code CHECKPOINT}. PostgreSQL commits are durable.
 * Single writer also means read-modify-write tasks (PATCH) never lose an update. Thread-safe.
 */
final class WriteQueue implements AutoCloseable {

  private static final int MAX_BATCH = 512;
  private static final String SAVEPOINT = "task";
  /** How often the writer compacts, at most: H2's background writer's round at its default delay. */
  private static final long COMPACT_EVERY_NANOS = 200_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(WriteQueue.class);

  /** A write: its work and its caller's answer. */
  private record Task<T>(Function<Handle, T> work, CompletableFuture<T> result, long queuedAt) {
    /** Runs the work inside the batch's transaction; on failure undoes it alone and fails its caller. */
    void run(Handle handle, List<Runnable> answers) {
      handle.savepoint(SAVEPOINT);
      try {
        T value = work.apply(handle);
        answers.add(() -> result.complete(value));
      } catch (RuntimeException e) {
        handle.rollbackToSavepoint(SAVEPOINT);
        result.completeExceptionally(e);
      }
    }
  }

  /** Placed on the queue by {@link #close()}: everything before it is written, then the thread ends. */
  private static final Task<Void> STOP = new Task<>(h -> null, new CompletableFuture<>(), 0);

  private final Database database;
  private final DiskSpace disk;
  private final CommitObserver observer;
  private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;
  /** Writer thread only. */
  private long lastCompaction = System.nanoTime();

  /** @param disk the free space an embedded database's directory must keep for a batch to run, or null */
  WriteQueue(Database database, DiskSpace disk, CommitObserver observer) {
    this.database = database;
    this.disk = disk;
    this.observer = observer;
    this.writer = new WriterThread(this::drain);
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /** The writer; its class marks the one thread allowed to apply changes. */
  private static final class WriterThread extends Thread {
    WriterThread(Runnable drain) {
      super(drain, "graph-audit-writer");
    }
  }

  /** Fails unless called on a writer thread: every change to the store goes through {@link #write}. */
  static void requireWriterThread() {
    if (!(Thread.currentThread() instanceof WriterThread)) {
      throw new IllegalStateException("a change applied outside the writer thread");
    }
  }

  /** Runs {@code work} in a transaction on the writer thread; returns once it is durable. */
  <T> T write(Function<Handle, T> work) {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    queue.add(new Task<>(work, result, System.nanoTime()));
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a write", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private void drain() {
    List<Task<?>> batch = new ArrayList<>(MAX_BATCH);
    boolean stopping = false;
    while (!stopping) {
      try {
        batch.add(queue.take());
        queue.drainTo(batch, MAX_BATCH - 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      stopping = batch.remove(STOP);
      if (!batch.isEmpty()) {
        runBatch(batch);
      }
      batch.clear();
      if (System.nanoTime() - lastCompaction >= COMPACT_EVERY_NANOS) {
        compact();
      }
    }
  }

  /** H2's chunk compaction, on this thread between batches (see {@link Database#compactSome()}). */
  private void compact() {
    lastCompaction = System.nanoTime();
    try {
      database.compactSome();
    } catch (RuntimeException e) {
      LOG.warn("compaction failed; the file grows until the next one succeeds", e);
    }
  }

  /** Runs the batch in one transaction, commits it (durably), then answers it. */
  private void runBatch(List<Task<?>> batch) {
    long start = System.nanoTime();
    batch.forEach(t -> observer.queued(start - t.queuedAt()));
    List<Runnable> answers = new ArrayList<>(batch.size());
    try (Handle handle = database.jdbi().open()) {
      if (disk != null) {
        disk.requireFree(); // before anything runs: a refused batch leaves no trace
      }
      handle.begin();
      try {
        for (Task<?> task : batch) {
          task.run(handle, answers);
        }
        handle.commit();
      } catch (RuntimeException e) {
        handle.rollback();
        throw e;
      }
      if (database.checkpointsEachCommit()) {
        database.checkpoint();
      }
    } catch (RuntimeException e) {
      RuntimeException failure = disk == null ? e : disk.explain(e);
      batch.forEach(t -> t.result().completeExceptionally(failure)); // none of these may be acknowledged
      return;
    }
    observer.committed(batch.size(), System.nanoTime() - start);
    answers.forEach(Runnable::run);
  }

  /** Answers everything queued, then stops the writer. */
  @Override
  public void close() {
    closed = true;
    queue.add(STOP);
    try {
      writer.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
