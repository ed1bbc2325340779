package graphaudit.internal.cli;

import graphaudit.StoreDamagedException;
import graphaudit.internal.store.h2.DirectoryInUseException;
import java.net.BindException;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The start-up failures a user meets (a busy port, a data directory another process holds, a damaged
 * store), turned into one line that names the fix instead of a stack trace. Stateless.
 */
final class StartFailures {

  /** H2's "database may be already in use": another process holds the file lock. */
  private static final int H2_DATABASE_IN_USE = 90020;
  private static final String FAILED_TO_BIND = "Failed to bind to /";

  private StartFailures() {
  }

  /** {@code failure} as a {@link CommandFailure} if it is one of those, else {@code failure} itself. */
  static Exception explain(Exception failure, Path data) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof StoreDamagedException damaged) {
        return new CommandFailure("The store in " + damaged.dataDir() + " is damaged (" + damaged.getMessage()
            + "). Run `graph-audit recover --data " + damaged.dataDir() + "` to rebuild it from every change its log"
            + " still reads back (damaged files are kept aside).", failure);
      }
      if (cause instanceof DirectoryInUseException) {
        return inUse(data, failure);
      }
      if (cause instanceof BindException) {
        return new CommandFailure("Cannot listen on " + address(failure) + ": the port is in use (another graph-audit?). "
            + "Stop that process or choose another port with --port (--https-port for HTTPS; 0 picks a free one).",
            failure);
      }
      if (cause instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_IN_USE) {
        return inUse(data, failure);
      }
    }
    return failure;
  }

  private static CommandFailure inUse(Path data, Exception failure) {
    return new CommandFailure("The database in " + data.toAbsolutePath() + " is in use by another process (a "
        + "running graph-audit?): stop it, or use another --data, or a database server with --db-url.", failure);
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
