package graphaudit.internal.cli;

import graphaudit.GraphAuditConfig;
import graphaudit.internal.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Rewrites an embedded H2 file without its superseded pages (stop the server first). */
@Command(name = "compact", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Compact the embedded H2 database file fully (the service must be stopped).")
final class CompactCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR", description = "Data directory of the embedded H2 database (default ${DEFAULT-VALUE}).")
  Path data = new GraphAuditConfig().store().dataDir();

  @Override
  public Integer call() throws Exception {
    Path file = data.resolve("graph-audit.mv.db");
    if (!Files.exists(file)) {
      throw new CommandFailure("compact: no database in " + data.toAbsolutePath() + " (give its --data)", null);
    }
    long before = Files.size(file);
    long start = System.nanoTime();
    StartFailures failures = StartFailures.watching(data);
    Database database;
    try {
      database = Database.open(Database.h2FileUrl(data), 1);
    } catch (RuntimeException e) {
      Exception explained = failures.explain(e);
      throw explained instanceof RuntimeException runtime ? runtime : e;
    }
    database.closeCompacted();
    spec.commandLine().getOut().printf("compacted %s from %d MB to %d MB in %.1f s%n", file, before >> 20,
        Files.size(file) >> 20, (System.nanoTime() - start) / 1e9);
    return 0;
  }
}
