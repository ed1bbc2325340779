package graphaudit.internal.cli;

import graphaudit.internal.compose.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Rewrites an embedded store without what deletes and replaced events left behind (stop the server first). */
@Command(name = "compact", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Compact the embedded store fully: its index file and its change log (the service must be stopped).")
final class CompactCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin
  StoreOptions store;

  @Override
  public Integer call() throws Exception {
    if (!store.embedded() || !Files.isDirectory(store.data.resolve("log"))) {
      throw new CommandFailure("compact: no embedded store in " + store.data.toAbsolutePath() + " (give its --data)",
          null);
    }
    long before = size(store.data);
    long start = System.nanoTime();
    Stores.Opened opened = store.open();
    Stores.log(opened).compact(opened.store()::liveBetween, opened.store().durableLsn());
    opened.closeCompacted();
    spec.commandLine().getOut().printf("compacted the store in %s from %d MB to %d MB in %.1f s%n", store.data,
        before >> 20, size(store.data) >> 20, (System.nanoTime() - start) / 1e9);
    return 0;
  }

  /** The bytes of the store's files. */
  static long size(Path dir) throws java.io.IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
