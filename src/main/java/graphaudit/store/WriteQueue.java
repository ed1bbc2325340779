package graphaudit.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * Group commit: one writer thread runs every write, each in its own transaction, and a flusher thread
 * makes everything committed so far durable with one flush before the callers are answered.
 * Concurrent writers share the cost of a flush; a lone writer pays it alone. The two threads overlap:
 * while one flush waits for H2 to serialise the touched pages, the writer already runs the next
 * batch. Single writer also means read-modify-write tasks (PATCH) never lose an update. Thread-safe.
 */
final class WriteQueue implements AutoCloseable {

  private static final int MAX_BATCH = 512;

  private record Task<T>(Function<Handle, T> work, CompletableFuture<T> result) {
    void run(Handle handle, List<Runnable> completions) {
      try {
        T value = handle.inTransaction(work::apply);
        completions.add(() -> result.complete(value));
      } catch (RuntimeException e) {
        completions.add(() -> result.completeExceptionally(e));
      }
    }
  }

  /** Placed on the queue by {@link #close()}: everything before it is written, then the thread ends. */
  private static final Task<Void> STOP = new Task<>(h -> null, new CompletableFuture<>());

  /** A committed batch: its tasks, and what answers each of them once the batch is durable. */
  private record Committed(List<Task<?>> tasks, List<Runnable> completions) {
    void acknowledge() {
      completions.forEach(Runnable::run);
    }

    void fail(RuntimeException e) {
      tasks.forEach(t -> t.result().completeExceptionally(e));
    }
  }

  /** Placed on the flush queue after the writer's last batch. */
  private static final Committed LAST = new Committed(List.of(), List.of());

  private final Database database;
  private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
  /** Batches committed by the writer, waiting for the flush that makes them durable. */
  private final BlockingQueue<Committed> committed = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final Thread flusher;
  private volatile boolean closed;

  WriteQueue(Database database) {
    this.database = database;
    this.writer = new Thread(this::drain, "graph-audit-writer");
    this.writer.setDaemon(true);
    this.flusher = new Thread(this::flush, "graph-audit-flusher");
    this.flusher.setDaemon(true);
    this.writer.start();
    this.flusher.start();
  }

  /** Runs {@code work} in a transaction on the writer thread; returns once it is durable. */
  <T> T write(Function<Handle, T> work) {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    queue.add(new Task<>(work, result));
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
        runBatch(List.copyOf(batch));
      }
      batch.clear();
    }
    committed.add(LAST);
  }

  /** Runs and commits each task, then passes the batch on to be made durable. */
  private void runBatch(List<Task<?>> batch) {
    List<Runnable> completions = new ArrayList<>(batch.size());
    try (Handle handle = database.jdbi().open()) {
      for (Task<?> task : batch) {
        task.run(handle, completions);
      }
    } catch (RuntimeException e) {
      // no connection: none of the batch ran
      batch.forEach(t -> t.result().completeExceptionally(e));
      return;
    }
    committed.add(new Committed(batch, completions));
  }

  /** One flush for every batch committed since the last one, then their answers. */
  private void flush() {
    List<Committed> pending = new ArrayList<>();
    boolean last = false;
    while (!last) {
      try {
        pending.add(committed.take());
        committed.drainTo(pending);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      last = pending.removeIf(batch -> batch == LAST);
      try (Handle handle = database.jdbi().open()) {
        database.makeDurable(handle);
        pending.forEach(Committed::acknowledge);
      } catch (RuntimeException e) {
        // not durable: none of these writes may be acknowledged
        pending.forEach(batch -> batch.fail(e));
      }
      pending.clear();
    }
  }

  @Override
  public void close() {
    closed = true;
    queue.add(STOP);
    try {
      writer.join(10_000);
      flusher.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
