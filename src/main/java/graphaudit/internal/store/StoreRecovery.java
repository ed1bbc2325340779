package graphaudit.internal.store;

import graphaudit.AuditEvent;
import graphaudit.internal.audit.EventJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.h2.tools.Recover;
import org.h2.tools.RunScript;

/**
 * Salvages the events of a damaged embedded store into a fresh one: the damaged file is moved aside
 * (kept), H2's recovery tool dumps every row it can still read into a script, the script is run into
 * a scratch database, and each event found there is written into a new store in the data directory.
 * Not thread-safe; the service must not be running on the directory.
 */
public final class StoreRecovery {

  /** What a recovery did. */
  public record Report(long events, int tenants, Path damagedFile) {}

  private static final String FILE = "graph-audit.mv.db";
  private static final int BATCH = 1_000;
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private StoreRecovery() {
  }

  /**
   * Recovers the store in {@code dataDir}.
   *
   * @param storeOn the event store on the fresh database
   * @throws IllegalStateException when there is no store there or it is in use
   */
  public static Report recover(Path dataDir, Function<Database, AuditEventStore> storeOn) {
    Path file = dataDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("there is no store in " + dataDir + " (no " + FILE + ")");
    }
    requireNotInUse(file);
    String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
    Path damaged = dataDir.resolve("graph-audit.damaged-" + stamp + ".mv.db");
    Path scratch = dataDir.resolve("recover-" + stamp);
    try {
      Files.move(file, damaged);
      Files.deleteIfExists(dataDir.resolve("graph-audit.in-use"));
      Files.createDirectory(scratch);
      Files.copy(damaged, scratch.resolve("salvage.mv.db"));
      Recover.execute(scratch.toString(), "salvage"); // writes salvage.h2.sql: every row it can read
      String restored = "jdbc:h2:file:" + scratch.toAbsolutePath().resolve("restored");
      RunScript run = new RunScript();
      run.setOut(new PrintStream(OutputStream.nullOutputStream())); // it reports each failing statement
      // a statement over what the tool could not read fails alone; the rest of the script still runs
      run.runTool("-url", restored, "-script", scratch.resolve("salvage.h2.sql").toString(), "-continueOnError");
      try (Database fresh = Database.open(Database.h2FileUrl(dataDir), 2);
           AuditEventStore store = storeOn.apply(fresh);
           Connection source = DriverManager.getConnection(restored)) {
        return copy(source, store, damaged);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("recovery failed in " + dataDir, e);
    } catch (SQLException e) {
      throw new IllegalStateException("recovery failed: " + e.getMessage(), e);
    } finally {
      Directories.deleteTree(scratch);
    }
  }

  /** Writes every event of the restored scratch database into the fresh store, tenant by tenant. */
  private static Report copy(Connection source, AuditEventStore store, Path damaged) throws SQLException {
    String select = "SELECT " + String.join(", ", EventRow.ALL_COLUMNS) + ", tenant_id FROM audit_event ORDER BY seq";
    Map<String, List<AuditEvent>> pending = new LinkedHashMap<>();
    long events = 0;
    Set<String> tenants = new HashSet<>();
    try (Statement st = source.createStatement(); ResultSet rs = st.executeQuery(select)) {
      int tenantColumn = EventRow.ALL_COLUMNS.size() + 1;
      while (rs.next()) {
        String tenant = rs.getString(tenantColumn);
        List<AuditEvent> batch = pending.computeIfAbsent(tenant, t -> new ArrayList<>());
        batch.add(EventRow.fromRow(rs));
        tenants.add(tenant);
        events++;
        if (batch.size() == BATCH) {
          store.createAll(tenant, batch);
          batch.clear();
        }
      }
    }
    pending.forEach((tenant, batch) -> {
      if (!batch.isEmpty()) {
        store.createAll(tenant, batch);
      }
    });
    return new Report(events, tenants.size(), damaged);
  }

  private static void requireNotInUse(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
         FileLock lock = channel.tryLock()) {
      if (lock == null) {
        throw new IllegalStateException("the store in " + file.getParent() + " is in use: stop the server first");
      }
    } catch (OverlappingFileLockException e) {
      throw new IllegalStateException("the store in " + file.getParent() + " is in use: stop the server first");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
  }
}
