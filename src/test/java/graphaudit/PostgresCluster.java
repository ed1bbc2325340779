package graphaudit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throwaway PostgreSQL server for a test class: {@code initdb} into a temporary directory, started
 * with {@code pg_ctl} on a free port (as the {@code postgres} user when the tests run as root, which
 * PostgreSQL refuses to be), one database {@code audit}; stopped and deleted afterwards. Needs the
 * PostgreSQL server binaries (Debian's {@code postgresql} package; {@code .ci/run} installs it).
 */
final class PostgresCluster implements BeforeAllCallback, AfterAllCallback {

  private Path dir;
  private Path binaries;
  private int port;

  /** The JDBC URL of the {@code audit} database (after the class's set-up). */
  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/audit?user=postgres";
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    binaries = binaries();
    dir = Files.createTempDirectory("graph-audit-pg");
    if (isRoot()) {
      run(List.of("chown", "postgres", dir.toString()), false);
    }
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    run(List.of(binaries.resolve("initdb").toString(), "-D", data(), "-A", "trust", "-U", "postgres", "-E", "UTF8",
        "--locale=C", "--no-sync"), true);
    // durability is PostgreSQL's own business: fsync off keeps the suite fast
    run(List.of(binaries.resolve("pg_ctl").toString(), "-D", data(), "-w", "-t", "60", "-l", dir.resolve("log").toString(),
        "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), true);
    try (Connection connection = DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres")) {
      connection.createStatement().execute("CREATE DATABASE audit");
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      run(List.of(binaries.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "stop"), true);
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private String data() {
    return dir.resolve("data").toString();
  }

  /** The newest {@code /usr/lib/postgresql/N/bin} (Debian), else wherever {@code initdb} is on the PATH. */
  private static Path binaries() throws IOException {
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        List<Path> found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
            .sorted(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
            .toList();
        if (!found.isEmpty()) {
          return found.get(found.size() - 1);
        }
      }
    }
    for (String entry : System.getenv("PATH").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(entry, "initdb"))) {
        return Path.of(entry);
      }
    }
    throw new IllegalStateException("PostgreSQL's server binaries (initdb, pg_ctl) are not installed: "
        + "apt-get install postgresql (.ci/run does)");
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asPostgres && isRoot()) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", full) + " failed:\n" + output);
    }
  }
}
