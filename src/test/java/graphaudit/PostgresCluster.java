package graphaudit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for the test JVM: {@code initdb} into a temporary directory, started
 * with {@code pg_ctl} on a free port (as the {@code postgres} user when the tests run as root, which
 * PostgreSQL refuses to be) when first asked for, stopped and deleted when the JVM exits. Each
 * {@link #newDatabase()} is empty, so test classes do not see each other's events. Needs the
 * PostgreSQL server binaries (Debian's {@code postgresql} package; {@code .ci/run} installs it).
 */
public final class PostgresCluster {

  private static PostgresCluster shared;

  private final Path dir;
  private final Path binaries;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();

  /** The JVM's cluster, started on first use. */
  public static synchronized PostgresCluster shared() {
    if (shared == null) {
      try {
        shared = new PostgresCluster();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "postgres-test-cluster-stop"));
    }
    return shared;
  }

  /** Whether PostgreSQL's server binaries are installed (a test that needs them assumes it). */
  public static boolean installed() {
    try {
      binaries();
      return true;
    } catch (IOException | IllegalStateException e) {
      return false;
    }
  }

  /** The JDBC URL of a new, empty database. */
  public String newDatabase() {
    String name = "audit_" + databases.incrementAndGet();
    try (Connection connection = DriverManager.getConnection(url("postgres"))) {
      connection.createStatement().execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database", e);
    }
    return url(name);
  }

  private String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
  }

  private PostgresCluster() throws IOException, InterruptedException {
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
  }

  private void stop() {
    try {
      run(List.of(binaries.resolve("pg_ctl").toString(), "-D", data(), "-m", "immediate", "stop"), true);
    } catch (IOException | RuntimeException e) {
      // the JVM is exiting: nothing to report to
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // left in the temporary directory
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
