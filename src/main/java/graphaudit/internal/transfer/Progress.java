package graphaudit.internal.transfer;

import java.io.PrintWriter;

/**
 * Progress of an import or export on standard error: redrawn in place on a terminal, elsewhere a line
 * every {@link #LINE_EVERY} events (carriage returns in a log make one line of every update). Not
 * thread-safe.
 */
public final class Progress {

  private static final long LINE_EVERY = 100_000;
  private static final long REDRAW_NANOS = 250_000_000L;

  private final PrintWriter err;
  private final String verb;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private long lastDrawn;
  private long lastLine;

  public Progress(PrintWriter err, String verb, boolean terminal) {
    this.err = err;
    this.verb = verb;
    this.terminal = terminal;
  }

  void update(long events) {
    if (terminal) {
      long now = System.nanoTime();
      if (now - lastDrawn >= REDRAW_NANOS) {
        lastDrawn = now;
        err.printf("\r%s %d events, %.0f events/s", verb, events, rate(events));
        err.flush();
      }
    } else if (events / LINE_EVERY > lastLine) {
      lastLine = events / LINE_EVERY;
      err.printf("%s %d events, %.0f events/s%n", verb, events, rate(events));
      err.flush();
    }
  }

  /** Ends the bar; the caller prints its summary after. */
  void done() {
    if (terminal) {
      err.println();
    }
    err.flush();
  }

  public double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }

  public double rate(long events) {
    return events / Math.max(1e-9, seconds());
  }
}
