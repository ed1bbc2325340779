package graphaudit.internal.store.h2;

import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.store.Database;
import graphaudit.internal.store.Directories;
import graphaudit.internal.store.legacy.V5Events;
import graphaudit.internal.store.log.ChangeLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a store of graph-audit 0.1 (one H2 file, {@code graph-audit.mv.db}, the record then) to the 0.2
 * layout: every event is read from it and written through the store's one write path into a new change
 * log and index, built beside it under temporary names and put in place only when complete, so a
 * migration cut short starts again at the next start. The 0.1 file is kept as
 * {@code graph-audit-0.1.mv.db}. Stateless.
 */
final class LegacyMigration {

  static final String KEPT_FILE = "graph-audit-0.1.mv.db";
  private static final String LOG_BUILDING = "log.migrating";
  private static final String INDEX_BUILDING = "index-migrating";
  private static final int BATCH = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(LegacyMigration.class);

  private LegacyMigration() {
  }

  static void run(Path dataDir, String indexUrl, EmbeddedStore.StoreFactory factory) {
    Path legacy = dataDir.resolve(EmbeddedStore.LEGACY_FILE);
    Path buildingLog = dataDir.resolve(LOG_BUILDING);
    Path buildingIndex = dataDir.resolve(INDEX_BUILDING + ".mv.db");
    try {
      Directories.deleteTree(buildingLog); // a migration cut short
      Files.deleteIfExists(buildingIndex);
      Files.deleteIfExists(dataDir.resolve(EmbeddedStore.INDEX + ".mv.db"));
      long started = System.nanoTime();
      long migrated;
      String oldUrl = "jdbc:h2:file:" + legacy.toAbsolutePath().toString().replaceFirst("\\.mv\\.db$", "")
          + "";
      try (Connection old = DriverManager.getConnection(oldUrl);
           ChangeLog log = ChangeLog.open(buildingLog, ChangeLog.Options.DURABLE)) {
        Database database = Database.open(indexUrl.replace(dataDir.toAbsolutePath().resolve(EmbeddedStore.INDEX)
            .toString(), dataDir.toAbsolutePath().resolve(INDEX_BUILDING).toString()), 2);
        try (AuditEventStore store = factory.create(database, log)) {
          copySettings(old, database);
          migrated = copy(new V5Events(old), store, dataDir);
        } finally {
          database.close();
        }
      }
      Files.move(buildingIndex, dataDir.resolve(EmbeddedStore.INDEX + ".mv.db"), StandardCopyOption.ATOMIC_MOVE);
      Files.move(buildingLog, dataDir.resolve(EmbeddedStore.LOG_DIR), StandardCopyOption.ATOMIC_MOVE);
      Files.move(legacy, dataDir.resolve(KEPT_FILE), StandardCopyOption.ATOMIC_MOVE);
      LOG.info("migrated {} events of the graph-audit 0.1 store in {} to the 0.2 layout in {} s; the 0.1 file is kept"
          + " as {} (delete it once you no longer need it)", migrated, dataDir, String.format("%.1f",
          (System.nanoTime() - started) / 1e9), KEPT_FILE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot migrate the 0.1 store in " + dataDir, e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the 0.1 store in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /** The service's settings (the key that signs nextLinks: links handed out before stay good). */
  private static void copySettings(Connection old, Database database) throws SQLException {
    try (Connection target = database.connection();
         java.sql.PreparedStatement select = old.prepareStatement("SELECT name, val FROM service_setting");
         java.sql.ResultSet rs = select.executeQuery();
         java.sql.PreparedStatement insert = target.prepareStatement("INSERT INTO service_setting (name, val) VALUES (?, ?)")) {
      while (rs.next()) {
        insert.setString(1, rs.getString(1));
        insert.setString(2, rs.getString(2));
        insert.executeUpdate();
      }
      try (java.sql.Statement checkpoint = target.createStatement()) {
        checkpoint.execute("CHECKPOINT");
      }
    }
  }

  private static long copy(V5Events events, AuditEventStore store, Path dataDir) throws SQLException {
    long total = events.count();
    LOG.info("migrating the {} events of the graph-audit 0.1 store in {} to the 0.2 layout", total, dataDir);
    long copied = 0;
    int tenthsShown = 0;
    for (List<V5Events.Stored> batch; !(batch = events.next(BATCH)).isEmpty(); ) {
      Map<String, List<graphaudit.AuditEvent>> byTenant = new LinkedHashMap<>();
      batch.forEach(s -> byTenant.computeIfAbsent(s.tenantId(), t -> new ArrayList<>()).add(s.event()));
      byTenant.forEach(store::createAll);
      copied += batch.size();
      int tenths = (int) (10 * copied / Math.max(1, total));
      if (tenths > tenthsShown) {
        tenthsShown = tenths;
        LOG.info("migrated {} of {} events ({}%)", copied, total, 10 * tenths);
      }
    }
    return copied;
  }
}
