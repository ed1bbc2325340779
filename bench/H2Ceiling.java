import graphaudit.internal.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bulk-load ceiling of the embedded store: what H2 alone does with the rows `generate` writes,
 * as the bare Jetty servlet is the ceiling of the HTTP stack. The real schema (our migrations, every
 * index and foreign key), each event's rows as `generate` makes them on average (one audit_event row
 * with a 2 KB body, 2 permissions, 1 role scope tag, 2 resources, 4 modified properties), each resource
 * one of the 4,500 that `generate` acts on (500 of each of its 9 types, named by a hash UUID and picked at
 * random, so every resource-id index insert lands on one of 4,500 pages), otherwise constant payloads,
 * no generating or rendering, 5,000 events per transaction, as many writers as asked. Ids
 * are time-ordered as `generate` makes them, or random as a saved Graph response has them ({@code random},
 * the import's case: each new id lands on a random page of the id index). Two writers are H2's own
 * ceiling; one is what the service and its commands may use on an embedded file, whose one writer
 * thread keeps it crash-consistent (README, Durability), so {@code 1 random} is the import's.
 *
 * <pre>java -cp target/graph-audit.jar bench/H2Ceiling.java [events=200000] [writers=2] [ordered|random]</pre>
 */
public class H2Ceiling {

  private static final int BATCH = 5_000;
  private static final String TENANT = "8c3dad1d-b6bc-4f8b-939b-8263372eced6";
  private static final byte[] BODY = "x".repeat(2_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final String RESOURCES = "r".repeat(650);
  /** generate's resources: 500 of each of its 9 types, named by a hash UUID of type and number. */
  private static final String[] RESOURCE_IDS = java.util.stream.IntStream.range(0, 9 * 500)
      .mapToObj(i -> UUID.nameUUIDFromBytes(("Type" + i / 500 + "/" + i % 500)
          .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())
      .toArray(String[]::new);

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
    int writers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    boolean randomIds = args.length > 2 && args[2].equals("random");
    Path dir = Files.createTempDirectory("h2-ceiling");
    // the page cache the service and its commands use by default
    String url = Database.h2BulkLoadUrl(dir, new graphaudit.GraphAuditConfig().store().cacheMegabytes());
    try (Database schema = Database.open(url, 2)) {
      AtomicLong next = new AtomicLong();
      long start = System.nanoTime();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        Thread t = new Thread(() -> write(url, next, events, randomIds));
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("H2 ceiling: %d events (%d rows, %s ids) in %.1f s with %d writers: %.0f events/s%n",
          events, events * 10, randomIds ? "random" : "ordered", seconds, writers, events / seconds);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Takes batches of event numbers until {@code events} are written. */
  private static void write(String url, AtomicLong next, long events, boolean randomIds) {
    try (Connection c = DriverManager.getConnection(url)) {
      c.setAutoCommit(false);
      for (long first; (first = next.getAndAdd(BATCH)) < events; ) {
        insertBatch(c, first, Math.min(events, first + BATCH), randomIds);
        c.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void insertBatch(Connection c, long from, long to, boolean randomIds) throws SQLException {
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    try (PreparedStatement event = c.prepareStatement("INSERT INTO audit_event (seq, tenant_id, id, display_name,"
        + " component_name, actor_present, actor_type, actor_audit_actor_type, actor_user_permissions,"
        + " actor_application_id, actor_application_display_name, actor_user_principal_name, actor_ip_address,"
        + " actor_user_id, actor_user_role_scope_tags, activity, activity_date_time, activity_date_time_text,"
        + " activity_type, activity_operation_type, activity_result, correlation_id, resources, category,"
        + " json_utf8, json_v1_cuts, json_schema)"
        + " VALUES (?, ?, ?, 'Patch DeviceConfiguration', 'DeviceConfiguration', TRUE, 'ItPro', 'ItPro', ?, ?,"
        + " 'Graph Explorer', ?, '10.1.2.3', ?, ?, 'patch DeviceConfiguration', ?, ?, ?, 'Patch', 'Success', ?,"
        + " ?, ?, ?, '100-200', 'ceiling')");
        PreparedStatement permission = c.prepareStatement(
            "INSERT INTO audit_actor_user_permissions (event_seq, pos, val) VALUES (?, ?, ?)");
        PreparedStatement tag = c.prepareStatement("INSERT INTO audit_actor_user_role_scope_tags"
            + " (event_seq, pos, display_name, role_scope_tag_id) VALUES (?, 0, 'Default', '0')");
        PreparedStatement resource = c.prepareStatement("INSERT INTO audit_resources (event_seq, pos,"
            + " display_name, type, audit_resource_type, resource_id) VALUES (?, ?, ?, 'DeviceConfiguration',"
            + " 'DeviceConfiguration', ?)");
        PreparedStatement property = c.prepareStatement("INSERT INTO audit_resources_modified_properties"
            + " (event_seq, parent_pos, pos, display_name, old_value, new_value) VALUES (?, ?, ?, ?, '1', '2')")) {
      OffsetDateTime epoch = OffsetDateTime.of(2016, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
      for (long n = from; n < to; n++) {
        long seq = n + 1;
        OffsetDateTime time = epoch.plusSeconds(n * 30);
        int i = 1;
        event.setLong(i++, seq);
        event.setString(i++, TENANT);
        event.setString(i++, (randomIds ? UUID.randomUUID() : new UUID(n, 0x8000_0000_0000_0000L | n)).toString());
        event.setString(i++, "[\"Microsoft.Intune/DeviceConfigurations/Read\",\"Microsoft.Intune/Update\"]");
        event.setString(i++, "0b1e6a4d-3c5f-4b7a-9a2e-6d0c8f1e2a3b");
        event.setString(i++, "admin" + n % 200 + "@contoso.onmicrosoft.com");
        event.setString(i++, new UUID(n % 200, n % 200).toString());
        event.setString(i++, "[{\"displayName\":\"Default\",\"roleScopeTagId\":\"0\"}]");
        event.setObject(i++, time);
        event.setString(i++, time.toString());
        event.setString(i++, "Patch DeviceConfiguration " + n % 40);
        event.setObject(i++, new UUID(~n, n));
        event.setString(i++, RESOURCES);
        event.setString(i++, "Category" + n % 10);
        event.setBytes(i, BODY);
        event.addBatch();
        for (int p = 0; p < 2; p++) {
          permission.setLong(1, seq);
          permission.setInt(2, p);
          permission.setString(3, "Microsoft.Intune/DeviceConfigurations/" + p);
          permission.addBatch();
        }
        tag.setLong(1, seq);
        tag.addBatch();
        for (int r = 0; r < 2; r++) {
          int picked = random.nextInt(RESOURCE_IDS.length);
          resource.setLong(1, seq);
          resource.setInt(2, r);
          resource.setString(3, "Contoso DeviceConfiguration " + picked % 500);
          resource.setString(4, RESOURCE_IDS[picked]);
          resource.addBatch();
          for (int p = 0; p < 2; p++) {
            property.setLong(1, seq);
            property.setInt(2, r);
            property.setInt(3, p);
            property.setString(4, "Property" + (n + p) % 8);
            property.addBatch();
          }
        }
      }
      event.executeBatch();
      permission.executeBatch();
      tag.executeBatch();
      resource.executeBatch();
      property.executeBatch();
    }
  }
}
