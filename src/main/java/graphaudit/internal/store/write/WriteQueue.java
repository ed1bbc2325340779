package graphaudit.internal.store.write;

import graphaudit.internal.store.log.ChangeLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import javax.sql.DataSource;

/**
 * Group commit: one writer thread runs a batch of queued writes in one transaction, a savepoint per
 * write so that a failing write fails alone; on an embedded store it appends the batch's changes to the
 * change log as one frame and fsyncs it, records the log's position in the same transaction, commits,
 * and only then answers the callers. Concurrent writers share one commit and one fsync; a lone writer
 * pays them alone. On a database server the commit itself is durable (an H2 server's after a CHECKPOINT).
 * One writer also means read-modify-write tasks (PATCH) never lose an update. Thread-safe.
 */
final class WriteQueue implements AutoCloseable {

  private static final int MAX_BATCH = 512;

  /** A write's work inside a batch: changes applied through {@link Batch#apply}. */
  @FunctionalInterface
  interface Work<T> {
    T run(Batch batch) throws SQLException;
  }

  /** What a write may use while it runs: the batch's connection and the one way to change events. */
  interface Batch {
    Connection connection();

    List<Change.Outcome> apply(List<? extends Change> changes) throws SQLException;
  }

  /** What a task is: a write; a replay, whose changes are in the change log already; a checkpoint. */
  private enum Kind { WRITE, REPLAY, CHECKPOINT }

  /** A write: its work and its caller's answer. */
  private record Task<T>(Work<T> work, CompletableFuture<T> result, long queuedAt, Kind kind) {
  }

  /** Placed on the queue by {@link #close()}: everything before it is written, then the thread ends. */
  private static final Task<Void> STOP = new Task<>(b -> null, new CompletableFuture<>(), 0, Kind.WRITE);

  private final DataSource dataSource;
  private final ChangeWriter changes;
  private final ChangeLog log;
  private final Runnable afterCommit;
  private final DiskSpace disk;
  private final CommitObserver observer;
  private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;

  /**
   * @param log         the change log the batches are appended to, or null (a database server)
   * @param afterCommit run after each batch's commit (an H2 server's CHECKPOINT), or null
   * @param disk        the free space the store's directory must keep for a batch to run, or null
   */
  WriteQueue(DataSource dataSource, ChangeWriter changes, ChangeLog log, Runnable afterCommit, DiskSpace disk,
      CommitObserver observer) {
    this.dataSource = dataSource;
    this.changes = changes;
    this.log = log;
    this.afterCommit = afterCommit;
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
  <T> T write(Work<T> work) {
    return submit(work, Kind.WRITE);
  }

  /**
   * Applies changes that the change log already holds (its tail, after a crash) like {@link #write},
   * without logging them again: the tables then hold the log up to the last of them.
   */
  <T> T replay(Work<T> work) {
    return submit(work, Kind.REPLAY);
  }

  /**
   * Has the database store everything committed so far in its file ({@code CHECKPOINT}), on the writer
   * thread between two batches: H2 left a file inconsistent after a kill when a store ran in another thread
   * while a write transaction was open (bench/H2KillRepro.java).
   */
  void checkpoint() {
    submit(batch -> {
      try (java.sql.Statement statement = batch.connection().createStatement()) {
        statement.execute("CHECKPOINT");
      }
      return null;
    }, Kind.CHECKPOINT);
  }

  private <T> T submit(Work<T> work, Kind kind) {
    if (closed) {
      throw new IllegalStateException("store is closed");
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    queue.add(new Task<>(work, result, System.nanoTime(), kind));
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
      // a checkpoint runs alone, after the writes queued before it and before those queued after it
      int from = 0;
      for (int i = 0; i < batch.size(); i++) {
        if (batch.get(i).kind() == Kind.CHECKPOINT) {
          if (i > from) {
            runBatch(batch.subList(from, i));
          }
          runBatch(batch.subList(i, i + 1));
          from = i + 1;
        }
      }
      if (from < batch.size()) {
        runBatch(batch.subList(from, batch.size()));
      }
      batch.clear();
    }
  }

  /** Runs the batch in one transaction, logs and commits it (durably), then answers it. */
  private void runBatch(List<Task<?>> batch) {
    long start = System.nanoTime();
    batch.forEach(t -> observer.queued(start - t.queuedAt()));
    List<Runnable> answers = new ArrayList<>(batch.size());
    try (Connection connection = dataSource.getConnection()) {
      if (disk != null) {
        disk.requireFree(); // before anything runs: a refused batch leaves no trace
      }
      connection.setAutoCommit(false);
      try {
        Effects effects = new Effects();
        for (Task<?> task : batch) {
          run(task, connection, effects, answers);
        }
        effects.counts.apply(connection);
        if (log != null && !effects.records.isEmpty()) {
          log.append(effects.records);
          position(connection, effects.records.get(effects.records.size() - 1).lsn());
        }
        connection.commit();
      } catch (SQLException | IOException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
      if (afterCommit != null) {
        afterCommit.run();
      }
    } catch (SQLException | IOException | RuntimeException e) {
      RuntimeException failure = e instanceof RuntimeException runtime ? runtime
          : e instanceof IOException io ? new UncheckedIOException("the change log cannot be written", io)
          : new IllegalStateException("write failed", e);
      RuntimeException explained = disk == null ? failure : disk.explain(failure);
      batch.forEach(t -> t.result().completeExceptionally(explained)); // none of these may be acknowledged
      return;
    }
    observer.committed(batch.size(), System.nanoTime() - start);
    answers.forEach(Runnable::run);
  }

  /** Runs a task inside the batch's transaction; on failure undoes it alone and fails its caller. */
  private <T> void run(Task<T> task, Connection connection, Effects batchEffects, List<Runnable> answers)
      throws SQLException {
    Savepoint savepoint = connection.setSavepoint();
    Effects effects = new Effects();
    Batch batch = new Batch() {
      @Override
      public Connection connection() {
        return connection;
      }

      @Override
      public List<Change.Outcome> apply(List<? extends Change> list) throws SQLException {
        return changes.apply(connection, effects, list);
      }
    };
    try {
      T value = task.work().run(batch);
      if (task.kind() == Kind.REPLAY) {
        effects.records.clear(); // the log has them; the replay records its position itself
      }
      batchEffects.addAll(effects);
      answers.add(() -> task.result().complete(value));
    } catch (SQLException | RuntimeException e) {
      connection.rollback(savepoint);
      task.result().completeExceptionally(e instanceof RuntimeException runtime ? runtime
          : new IllegalStateException("write failed", e));
    }
  }

  /** Records in the transaction that the tables now hold the change log up to {@code lsn}. */
  static void position(Connection connection, long lsn) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE store_position SET lsn = ? WHERE name = 'log'")) {
      update.setLong(1, lsn);
      if (update.executeUpdate() == 1) {
        return;
      }
    }
    // an in-memory database gets its tables from a script without rows (InMemorySchema)
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO store_position (name, lsn) VALUES ('log', ?)")) {
      insert.setLong(1, lsn);
      insert.executeUpdate();
    }
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
