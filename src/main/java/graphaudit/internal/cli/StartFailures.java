package graphaudit.internal.cli;

import graphaudit.StoreDamagedException;
import graphaudit.internal.store.h2.DirectoryInUseException;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The start-up failures a user meets (a busy port, a data directory another process holds, a damaged
 * store), turned into one line that names the fix instead of a stack trace. Made before an attempt to
 * open the store in a data directory, so that a refused attempt leaves nothing behind there: H2 writes
 * its refusal into {@value #H2_TRACE_FILE}, which is removed unless it was there before.
 */
final class StartFailures {

  /** H2's "database may be already in use": another process holds the file lock. */
  private static final int H2_DATABASE_IN_USE = 90020;
  private static final String FAILED_TO_BIND = "Failed to bind to /";
  static final String H2_TRACE_FILE = "graph-audit.trace.db";

  private final Path data;
  private final boolean traceExisted;

  private StartFailures(Path data) {
    this.data = data;
    this.traceExisted = Files.exists(data.resolve(H2_TRACE_FILE));
  }

  /** Watches an attempt to open the store in {@code data}. */
  static StartFailures watching(Path data) {
    return new StartFailures(data);
  }

  /** {@code failure} as a {@link CommandFailure} if it is one of those, else {@code failure} itself. */
  Exception explain(Exception failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof StoreDamagedException damaged) {
        return new CommandFailure("The store in " + damaged.dataDir() + " is damaged (" + damaged.getMessage()
            + "). Run `graph-audit recover --data " + damaged.dataDir() + "` to rebuild it from every change its log"
            + " still reads back (damaged files are kept aside).", failure);
      }
      if (cause instanceof DirectoryInUseException) {
        return inUse(failure);
      }
      if (cause instanceof BindException) {
        return portInUse(address(failure), failure);
      }
      if (cause instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_IN_USE) {
        return inUse(failure);
      }
    }
    return failure;
  }

  /** The one line for a data directory another process holds; what H2 wrote about refusing it is removed. */
  private CommandFailure inUse(Exception failure) {
    removeTraceOfTheRefusal();
    return new CommandFailure("The database in " + data.toAbsolutePath() + " is in use by another process (a "
        + "running graph-audit?): stop it, or use another --data, or a database server with --db-url.", failure);
  }

  /** The one line for a port another process listens on ({@code 127.0.0.1:8080}). */
  static CommandFailure portInUse(String address, Throwable cause) {
    return new CommandFailure("Cannot listen on " + address + ": the port is in use (another graph-audit?). "
        + "Stop that process or choose another port with --port (--https-port for HTTPS; 0 picks a free one).", cause);
  }

  private void removeTraceOfTheRefusal() {
    if (!traceExisted) {
      try {
        Files.deleteIfExists(data.resolve(H2_TRACE_FILE));
      } catch (IOException e) {
        // the message matters more than the leftover file
      }
    }
  }

  /** {@code 127.0.0.1:8080} from Jetty's "Failed to bind to /127.0.0.1:8080", when it says so. */
  private static String address(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message != null && message.startsWith(FAILED_TO_BIND)) {
        return message.substring(FAILED_TO_BIND.length());
      }
    }
    return "the configured port";
  }
}
