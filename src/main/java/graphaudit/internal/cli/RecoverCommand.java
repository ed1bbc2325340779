package graphaudit.internal.cli;

import graphaudit.internal.compose.Stores;
import graphaudit.internal.store.StoreRecovery;
import graphaudit.GraphAuditConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Salvages the events of a damaged embedded store into a fresh one (stop the server first). */
@Command(name = "recover", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Salvage every readable event of a damaged store into a fresh store; the damaged file is kept aside.")
final class RecoverCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default ${DEFAULT-VALUE}).")
  Path data = new GraphAuditConfig().store().dataDir();

  @Override
  public Integer call() {
    StoreRecovery.Report report;
    try {
      report = StoreRecovery.recover(data, database -> Stores.on(database).store());
    } catch (IllegalStateException e) {
      throw new CommandFailure("recover: " + e.getMessage(), e);
    }
    spec.commandLine().getOut().printf("recovered %d events of %d tenants into a fresh store in %s;"
        + " the damaged file is kept as %s%n", report.events(), report.tenants(), data, report.damagedFile());
    return 0;
  }
}
