package graphaudit.cli;

import graphaudit.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data}/{@code --db-url} of the commands that work on the store offline (import, export, compact). */
final class StoreOptions {

  @Option(names = "--data", defaultValue = "${env:GRAPH_AUDIT_DATA:-data}",
      description = "Data directory of the embedded H2 database (env GRAPH_AUDIT_DATA, default ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--db-url", defaultValue = "${env:GRAPH_AUDIT_DB_URL}",
      description = "JDBC URL of the database instead of H2 under --data (env GRAPH_AUDIT_DB_URL).")
  String dbUrl;

  /** Opens the store; an embedded file in use by a running service is refused in one line. */
  Database open(boolean bulkLoad) {
    try {
      if (dbUrl != null) {
        return Database.open(dbUrl, 2);
      }
      Files.createDirectories(data);
      return Database.open(bulkLoad ? Database.h2BulkLoadUrl(data) : Database.h2FileUrl(data), 2);
    } catch (IOException e) {
      throw new CommandFailure("Cannot create " + data + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      Exception explained = StartFailures.explain(e, data);
      throw explained instanceof RuntimeException runtime ? runtime : e;
    }
  }

  boolean embedded() {
    return dbUrl == null;
  }
}
