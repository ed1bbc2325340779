package graphaudit.internal.cli;

import graphaudit.GraphAuditConfig;
import graphaudit.internal.odata.AuditEventJsonWriter;
import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.write.CommitObserver;
import graphaudit.internal.store.h2.EmbeddedStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Rebuilds a damaged embedded store from its change log (stop the server first). */
@Command(name = "recover", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Rebuild a damaged store from its change log, keeping every event the log still reads back;"
        + " damaged files are kept aside.")
final class RecoverCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default ${DEFAULT-VALUE}).")
  Path data = new GraphAuditConfig().store().dataDir();

  @Override
  public Integer call() {
    EmbeddedStore.Recovery recovery;
    StartFailures failures = StartFailures.watching(data);
    try {
      recovery = EmbeddedStore.recover(data, new GraphAuditConfig().store().cacheMegabytes(),
          (database, log) -> new AuditEventStore(database, log, AuditEventJsonWriter::stored, CommitObserver.NONE));
    } catch (IllegalStateException e) {
      throw new CommandFailure("recover: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      Exception explained = failures.explain(e);
      throw explained instanceof RuntimeException runtime ? runtime : e;
    }
    spec.commandLine().getOut().printf("rebuilt the store in %s from its change log: %d events%s%s%s%n", data,
        recovery.events(), recovery.skippedLogBytes() > 0 ? "; " + recovery.skippedLogBytes()
            + " damaged bytes of the log could not be read" : "",
        recovery.keptLog() == null ? "" : "; the damaged log is kept as " + recovery.keptLog().getFileName(),
        recovery.keptIndex() == null ? "" : "; the old index is kept as " + recovery.keptIndex().getFileName());
    return 0;
  }
}
