package graphaudit.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one writer thread runs every write, each in its own transaction, then appends the
 * redo records of the whole batch to the {@link Journal} with one write, and only then answers the
 * callers. Concurrent writers share that write; a lone writer pays it alone. H2 stores its pages in
 * the background; every few seconds a checkpoint thread stores what the sealed journal files hold and
 * deletes them (waiting for a store after every batch re-serialised the same random index pages again
 * and again and held POSTs at ~2,200/s). Without a journal a write is answered when committed
 * (PostgreSQL, whose commits are durable; in-memory H2), or after a checkpoint (an H2 server).
 * Single writer also means read-modify-write tasks (PATCH) never lose an update. Thread-safe.
 */
final class WriteQueue implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WriteQueue.class);
  private static final int MAX_BATCH = 512;

  /** A write: its work, the redo record of what it changed (null: nothing), and its caller's answer. */
  private record Task<T>(Function<Handle, T> work, Function<T, byte[]> redo, CompletableFuture<T> result) {
    /** Runs the work in its own transaction; adds its redo record and how to answer it. */
    void run(Handle handle, List<byte[]> records, List<Runnable> answers) {
      try {
        T value = handle.inTransaction(work::apply);
        byte[] record = redo.apply(value);
        if (record != null) {
          records.add(record);
        }
        answers.add(() -> result.complete(value));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    }
  }

  /** Placed on the queue by {@link #close()}: everything before it is written, then the thread ends. */
  private static final Task<Void> STOP = new Task<>(h -> null, v -> null, new CompletableFuture<>());

  private final Database database;
  private final Journal journal;
  private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final ExecutorService checkpointer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "graph-audit-checkpoint");
    t.setDaemon(true);
    return t;
  });
  /** The checkpoint of the last sealed journal files; the writer seals no more until it is done. */
  private CompletableFuture<Void> checkpoint = CompletableFuture.completedFuture(null);
  private volatile boolean closed;

  /** @param journal where acknowledged writes are kept until the database has stored them, or null */
  WriteQueue(Database database, Journal journal) {
    this.database = database;
    this.journal = journal;
    this.writer = new Thread(this::drain, "graph-audit-writer");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /**
   * Runs {@code work} in a transaction on the writer thread; returns once it is durable.
   * {@code redo} gives the journal record that redoes what the work changed, or null if nothing.
   */
  <T> T write(Function<Handle, T> work, Function<T, byte[]> redo) {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    queue.add(new Task<>(work, redo, result));
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

  /** Runs and commits each task, journals the batch, then answers it. */
  private void runBatch(List<Task<?>> batch) {
    List<byte[]> records = new ArrayList<>(batch.size());
    List<Runnable> answers = new ArrayList<>(batch.size());
    try (Handle handle = database.jdbi().open()) {
      for (Task<?> task : batch) {
        task.run(handle, records, answers);
      }
    } catch (RuntimeException e) {
      failAll(batch, e); // no connection: none of the batch ran
      return;
    }
    try {
      makeDurable(records);
    } catch (RuntimeException e) {
      failAll(batch, e); // committed but not durable: none of these writes may be acknowledged
      return;
    }
    answers.forEach(Runnable::run);
    if (journal != null) {
      checkpointIfDue();
    }
  }

  private static void failAll(List<Task<?>> batch, RuntimeException e) {
    batch.forEach(t -> t.result().completeExceptionally(e));
  }

  private void makeDurable(List<byte[]> records) {
    if (journal != null) {
      journal.append(records);
    } else if (database.checkpointsEachCommit()) {
      database.checkpoint();
    }
  }

  /** Seals the journal and has the checkpoint thread store what it holds, when due and none runs. */
  private void checkpointIfDue() {
    if (!journal.due() || !checkpoint.isDone()) {
      return;
    }
    List<Path> sealed;
    try {
      sealed = journal.seal(); // everything in them is committed: a checkpoint now stores it
    } catch (RuntimeException e) {
      LOG.warn("could not seal the journal file; the next batch starts a new one", e);
      return;
    }
    checkpoint = CompletableFuture.runAsync(() -> {
      try {
        database.checkpoint();
        sealed.forEach(Journal::delete);
      } catch (RuntimeException e) {
        // the files stay and are replayed at the next start; the next checkpoint retries
        LOG.warn("checkpoint failed; its journal files are kept", e);
      }
    }, checkpointer);
  }

  /**
   * Answers everything queued, then stores it in the database file and deletes the journal, so a
   * clean restart replays nothing.
   */
  @Override
  public void close() {
    closed = true;
    queue.add(STOP);
    try {
      writer.join(10_000);
      checkpoint.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("last checkpoint did not finish", e);
    }
    checkpointer.shutdown();
    if (journal != null) {
      journal.close();
      try {
        database.checkpoint();
        journal.files().forEach(Journal::delete);
      } catch (RuntimeException e) {
        LOG.warn("closing checkpoint failed; the journal is replayed at the next start", e);
      }
    }
  }
}
