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
 * Group commit: one writer thread runs every write, each in its own transaction, and makes a whole
 * batch of commits durable with one flush before any of their callers is answered. Concurrent
 * writers share the cost of the flush; a lone writer pays it alone. Single writer also means
 * read-modify-write tasks (PATCH) never lose an update. Thread-safe.
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

  private final Database database;
  private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;

  WriteQueue(Database database) {
    this.database = database;
    this.writer = new Thread(this::drain, "graph-audit-writer");
    this.writer.setDaemon(true);
    this.writer.start();
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
        runBatch(batch);
      }
      batch.clear();
    }
  }

  private void runBatch(List<Task<?>> batch) {
    List<Runnable> completions = new ArrayList<>(batch.size());
    try (Handle handle = database.jdbi().open()) {
      for (Task<?> task : batch) {
        task.run(handle, completions);
      }
      database.makeDurable(handle);
    } catch (RuntimeException e) {
      // the flush failed: nothing in this batch may be acknowledged
      batch.forEach(t -> t.result().completeExceptionally(e));
      return;
    }
    completions.forEach(Runnable::run);
  }

  @Override
  public void close() {
    closed = true;
    queue.add(STOP);
    try {
      writer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
