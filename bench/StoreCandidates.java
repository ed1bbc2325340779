import graphaudit.AuditEvent;
import graphaudit.internal.audit.CanonicalEvent;
import graphaudit.internal.audit.EventJson;
import graphaudit.internal.generate.EventGenerator;
import graphaudit.internal.odata.AuditEventJsonWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * The store designs of issue 27, measured on the same generated events with random ids, before one was
 * built: raw JDBC and a minimal log, no HTTP, no parsing (the store's share only).
 * <ul>
 *   <li>{@code lean-sync}: candidate B alone: the lean schema (tenant number, no collection text columns,
 *       no foreign keys), the response JSON in the row, H2 made durable as today (WRITE_DELAY=0,
 *       RETENTION_TIME=0, compressed pages), no log;</li>
 *   <li>{@code lean-log}: A+B: the same schema and rows under H2's own defaults (background writer, default
 *       retention), every batch appended to a log file with a CRC and fsynced before it counts;</li>
 *   <li>{@code index-log}: A+B with the JSON only in the log: the H2 rows carry no body (a read would
 *       fetch it from the log by position).</li>
 * </ul>
 * Workloads: {@code bulk N} (one writer, 1,000 events per transaction, a producer preparing rows) and
 * {@code posts SECONDS} (16 threads each storing one event at a time through a group-commit writer).
 * Prints one line per run: rate, H2 file, log, and for posts the H2 file after SHUTDOWN COMPACT.
 *
 * <pre>java -cp target/graph-audit.jar bench/StoreCandidates.java lean-log bulk 1000000</pre>
 */
public class StoreCandidates {

  private static final String TENANT = "8c3dad1d-b6bc-4f8b-939b-8263372eced6";
  private static final int BULK_BATCH = 1_000;
  private static final String[] SCALARS = {"id", "display_name", "component_name", "actor_present", "actor_type",
      "actor_audit_actor_type", "actor_application_id", "actor_application_display_name",
      "actor_user_principal_name", "actor_service_principal_name", "actor_ip_address", "actor_user_id",
      "actor_remote_tenant_id", "actor_remote_user_id", "activity", "activity_date_time", "activity_type",
      "activity_operation_type", "activity_result", "correlation_id", "category"};

  record Row(String id, Object[] scalars, EventJson json, List<String> permissions, List<String[]> tags,
      List<String[]> resources, List<String[]> properties) {
  }

  public static void main(String[] args) throws Exception {
    String candidate = args[0];
    String workload = args[1];
    long amount = Long.parseLong(args[2]);
    Path dir = Files.createTempDirectory("store-candidate");
    boolean log = candidate.endsWith("-log");
    boolean body = !candidate.startsWith("index");
    String url = "jdbc:h2:file:" + dir.resolve("h2") + ";CACHE_SIZE=65536"
        + (candidate.equals("lean-sync") ? ";RETENTION_TIME=0;WRITE_DELAY=0;COMPRESS=TRUE" : "")
        + System.getProperty("h2", "");
    try (Connection c = DriverManager.getConnection(url);
         FileChannel channel = log ? FileChannel.open(dir.resolve("segment.log"), StandardOpenOption.CREATE,
             StandardOpenOption.WRITE, StandardOpenOption.APPEND) : null) {
      schema(c, body);
      c.setAutoCommit(false);
      Writer writer = new Writer(c, channel, body);
      long start = System.nanoTime();
      long cpuStart = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
      long writerCpuStart = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      long done = workload.equals("bulk") ? bulk(writer, amount) : posts(writer, amount);
      if (INDEX_AFTER) {
        long indexing = System.nanoTime();
        indexes(c);
        c.commit();
        System.out.printf("indexes built in %.1f s%n", (System.nanoTime() - indexing) / 1e9);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuPerEvent = (ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos() - cpuStart)
          / 1e3 / done;
      double writerCpuPerEvent = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
          - writerCpuStart) / 1e3 / done;
      long h2 = Files.size(dir.resolve("h2.mv.db"));
      long logBytes = log ? channel.size() : 0;
      String extra = "";
      if (workload.equals("posts")) {
        try (Statement s = c.createStatement()) {
          s.execute("SHUTDOWN COMPACT");
        }
        extra = String.format(" compacted_h2_mb=%d", Files.size(dir.resolve("h2.mv.db")) >> 20);
      }
      System.out.printf("candidate=%s workload=%s events=%d seconds=%.1f rate=%.0f h2_mb=%d log_mb=%d"
          + " bytes_per_event=%.0f peak_h2_mb=%d cpu_us_per_event=%.0f writer_cpu_us_per_event=%.0f%s%n", candidate,
          workload, done, seconds, done / seconds, h2 >> 20, logBytes >> 20, (h2 + logBytes) / (double) done,
          writer.peakH2 >> 20, cpuPerEvent, writerCpuPerEvent, extra);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void schema(Connection c, boolean body) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE audit_tenant (num INT PRIMARY KEY, tenant_id VARCHAR(64) NOT NULL UNIQUE,"
          + " events BIGINT NOT NULL)");
      s.execute("INSERT INTO audit_tenant VALUES (1, '" + TENANT + "', 0)");
      s.execute("CREATE TABLE audit_event (seq BIGINT PRIMARY KEY, tenant INT NOT NULL, id VARCHAR(512) NOT NULL,"
          + " display_name VARCHAR, component_name VARCHAR, actor_present BOOLEAN NOT NULL, actor_type VARCHAR,"
          + " actor_audit_actor_type VARCHAR, actor_application_id VARCHAR, actor_application_display_name VARCHAR,"
          + " actor_user_principal_name VARCHAR, actor_service_principal_name VARCHAR, actor_ip_address VARCHAR,"
          + " actor_user_id VARCHAR, actor_remote_tenant_id VARCHAR, actor_remote_user_id VARCHAR, activity VARCHAR,"
          + " activity_date_time TIMESTAMP(9) WITH TIME ZONE NOT NULL, activity_type VARCHAR,"
          + " activity_operation_type VARCHAR, activity_result VARCHAR, correlation_id UUID NOT NULL,"
          + " category VARCHAR" + (body ? ", json_utf8 VARBINARY, json_v1_cuts VARCHAR(200), json_schema VARCHAR(32)" : "")
          + ")");
      s.execute("CREATE TABLE audit_actor_user_permissions (event_seq BIGINT NOT NULL, pos INT NOT NULL, val VARCHAR,"
          + " PRIMARY KEY (event_seq, pos))");
      s.execute("CREATE TABLE audit_actor_user_role_scope_tags (event_seq BIGINT NOT NULL, pos INT NOT NULL,"
          + " display_name VARCHAR, role_scope_tag_id VARCHAR, PRIMARY KEY (event_seq, pos))");
      s.execute("CREATE TABLE audit_resources (event_seq BIGINT NOT NULL, pos INT NOT NULL, display_name VARCHAR,"
          + " type VARCHAR, audit_resource_type VARCHAR, resource_id VARCHAR, PRIMARY KEY (event_seq, pos))");
      s.execute("CREATE TABLE audit_resources_modified_properties (event_seq BIGINT NOT NULL, parent_pos INT NOT NULL,"
          + " pos INT NOT NULL, display_name VARCHAR, old_value VARCHAR, new_value VARCHAR,"
          + " PRIMARY KEY (event_seq, parent_pos, pos))");
      s.execute("CREATE TABLE audit_day (tenant INT NOT NULL, utc_day DATE NOT NULL, category VARCHAR,"
          + " events BIGINT NOT NULL)");
      s.execute("CREATE INDEX audit_day_tenant ON audit_day (tenant, utc_day)");
    }
    if (!INDEX_AFTER) {
      indexes(c);
    }
  }

  static final boolean INDEX_AFTER = Boolean.getBoolean("indexAfter");

  static void indexes(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("ALTER TABLE audit_event ADD CONSTRAINT audit_event_id UNIQUE (id, tenant)");
      s.execute("CREATE INDEX audit_event_time ON audit_event (tenant, activity_date_time DESC, id)");
      s.execute("CREATE INDEX audit_event_category_time ON audit_event (tenant, category, activity_date_time DESC, id)");
      s.execute("CREATE INDEX audit_event_type_time ON audit_event (tenant, activity_type, activity_date_time DESC, id)");
      s.execute("CREATE INDEX audit_event_actor_time ON audit_event (tenant, actor_user_principal_name,"
          + " activity_date_time DESC, id)");
      s.execute("CREATE INDEX audit_actor_user_permissions_val ON audit_actor_user_permissions (val)");
      s.execute("CREATE INDEX audit_actor_user_role_scope_tags_id ON audit_actor_user_role_scope_tags (role_scope_tag_id)");
      s.execute("CREATE INDEX audit_resources_resource_id ON audit_resources (resource_id)");
      s.execute("CREATE INDEX audit_resources_modified_properties_name ON audit_resources_modified_properties"
          + " (display_name)");
    }
  }

  /** Inserts batches of rows in one transaction each, appending them to the log first when there is one. */
  static final class Writer {
    private final Connection c;
    private final FileChannel log;
    private final boolean body;
    private final PreparedStatement event;
    private final PreparedStatement permission;
    private final PreparedStatement tag;
    private final PreparedStatement resource;
    private final PreparedStatement property;
    private final PreparedStatement tenantCount;
    private long seq;
    long peakH2;
    private final Path h2File;

    Writer(Connection c, FileChannel log, boolean body) throws SQLException {
      this.c = c;
      this.log = log;
      this.body = body;
      String columns = String.join(", ", SCALARS) + (body ? ", json_utf8, json_v1_cuts, json_schema" : "");
      int count = SCALARS.length + (body ? 3 : 0);
      event = c.prepareStatement("INSERT INTO audit_event (seq, tenant, " + columns + ") VALUES (?, 1"
          + ", ?".repeat(count) + ")");
      permission = c.prepareStatement("INSERT INTO audit_actor_user_permissions VALUES (?, ?, ?)");
      tag = c.prepareStatement("INSERT INTO audit_actor_user_role_scope_tags VALUES (?, ?, ?, ?)");
      resource = c.prepareStatement("INSERT INTO audit_resources VALUES (?, ?, ?, ?, ?, ?)");
      property = c.prepareStatement("INSERT INTO audit_resources_modified_properties VALUES (?, ?, ?, ?, ?, ?)");
      tenantCount = c.prepareStatement("UPDATE audit_tenant SET events = events + ? WHERE num = 1");
      try (Statement s = c.createStatement(); var rs = s.executeQuery("CALL DATABASE_PATH()")) {
        rs.next();
        h2File = Path.of(rs.getString(1) + ".mv.db");
      }
    }

    void write(List<Row> rows) throws SQLException, IOException {
      if (log != null) {
        append(rows);
      }
      for (Row row : rows) {
        long s = ++seq;
        int i = 1;
        event.setLong(i++, s);
        for (Object value : row.scalars()) {
          event.setObject(i++, value);
        }
        if (body) {
          event.setBytes(i++, row.json().utf8());
          event.setString(i++, row.json().spansText());
          event.setString(i, row.json().schema());
        }
        event.addBatch();
        for (int p = 0; p < row.permissions().size(); p++) {
          permission.setLong(1, s);
          permission.setInt(2, p);
          permission.setString(3, row.permissions().get(p));
          permission.addBatch();
        }
        for (int p = 0; p < row.tags().size(); p++) {
          tag.setLong(1, s);
          tag.setInt(2, p);
          tag.setString(3, row.tags().get(p)[0]);
          tag.setString(4, row.tags().get(p)[1]);
          tag.addBatch();
        }
        for (int p = 0; p < row.resources().size(); p++) {
          String[] r = row.resources().get(p);
          resource.setLong(1, s);
          resource.setInt(2, p);
          for (int k = 0; k < 4; k++) {
            resource.setString(3 + k, r[k]);
          }
          resource.addBatch();
        }
        for (String[] m : row.properties()) {
          property.setLong(1, s);
          property.setInt(2, Integer.parseInt(m[0]));
          property.setInt(3, Integer.parseInt(m[1]));
          property.setString(4, m[2]);
          property.setString(5, m[3]);
          property.setString(6, m[4]);
          property.addBatch();
        }
      }
      event.executeBatch();
      if (Boolean.getBoolean("noChildren")) {
        permission.clearBatch();
        tag.clearBatch();
        resource.clearBatch();
        property.clearBatch();
      }
      permission.executeBatch();
      tag.executeBatch();
      resource.executeBatch();
      property.executeBatch();
      tenantCount.setLong(1, rows.size());
      tenantCount.executeUpdate();
      c.commit();
      if ((seq & 0x3FFF) < rows.size()) {
        try {
          peakH2 = Math.max(peakH2, Files.size(h2File));
        } catch (IOException e) {
          // not yet written
        }
      }
    }

    /** One frame: length, CRC32C, then each record (lsn, tenant, id, body), fsynced. */
    private void append(List<Row> rows) throws IOException {
      int size = 8;
      for (Row row : rows) {
        size += 8 + 4 + 36 + 4 + row.json().utf8().length + 2 + row.json().spansText().length() + 16;
      }
      ByteBuffer frame = ByteBuffer.allocate(size);
      frame.putInt(0).putInt(0);
      long lsn = seq;
      for (Row row : rows) {
        frame.putLong(++lsn).putInt(1).put(row.id().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        frame.putInt(row.json().utf8().length).put(row.json().utf8());
        byte[] spans = row.json().spansText().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        frame.putShort((short) spans.length).put(spans);
        frame.put(row.json().schema().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      }
      CRC32C crc = new CRC32C();
      crc.update(frame.array(), 8, frame.position() - 8);
      frame.putInt(0, frame.position() - 8).putInt(4, (int) crc.getValue());
      frame.flip();
      while (frame.hasRemaining()) {
        log.write(frame);
      }
      log.force(false);
    }
  }

  private static long bulk(Writer writer, long events) throws Exception {
    BlockingQueue<List<Row>> batches = new ArrayBlockingQueue<>(4);
    Thread producer = new Thread(() -> {
      EventGenerator generator = new EventGenerator(1, EventGenerator.DEFAULT_FROM, EventGenerator.DEFAULT_TO, events);
      try {
        for (long made = 0; made < events; ) {
          int size = (int) Math.min(BULK_BATCH, events - made);
          List<Row> batch = new ArrayList<>(size);
          for (int i = 0; i < size; i++) {
            batch.add(row(generator.next()));
          }
          made += size;
          batches.put(batch);
        }
        batches.put(List.of());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    producer.start();
    long written = 0;
    for (List<Row> batch; !(batch = batches.take()).isEmpty(); ) {
      writer.write(batch);
      written += batch.size();
    }
    return written;
  }

  /** 16 threads each store one event at a time; one writer commits whatever is queued as one batch. */
  private static long posts(Writer writer, long seconds) throws Exception {
    record Task(Row row, CompletableFuture<Void> done) {
    }
    BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicLong stored = new AtomicLong();
    List<Thread> clients = new ArrayList<>();
    for (int t = 0; t < 16; t++) {
      int seed = t;
      Thread client = new Thread(() -> {
        EventGenerator generator = new EventGenerator(seed, EventGenerator.DEFAULT_FROM, EventGenerator.DEFAULT_TO,
            10_000_000);
        while (System.nanoTime() < end) {
          Task task = new Task(row(generator.next()), new CompletableFuture<>());
          queue.add(task);
          task.done().join();
          stored.incrementAndGet();
        }
      });
      clients.add(client);
      client.start();
    }
    List<Task> batch = new ArrayList<>();
    while (System.nanoTime() < end || clients.stream().anyMatch(Thread::isAlive)) {
      Task first = queue.poll(10, TimeUnit.MILLISECONDS);
      if (first == null) {
        continue;
      }
      batch.add(first);
      queue.drainTo(batch, 511);
      writer.write(batch.stream().map(Task::row).toList());
      batch.forEach(t -> t.done().complete(null));
      batch.clear();
    }
    return stored.get();
  }

  @SuppressWarnings("unchecked")
  static Row row(AuditEvent generated) {
    Map<String, Object> p = new java.util.LinkedHashMap<>(generated.properties());
    p.put("id", UUID.randomUUID().toString());
    AuditEvent event = CanonicalEvent.of(new AuditEvent(p));
    EventJson json = AuditEventJsonWriter.stored(event);
    Map<String, Object> actor = (Map<String, Object>) event.get("actor");
    String time = (String) event.get("activityDateTime");
    Object[] scalars = {event.id(), event.get("displayName"), event.get("componentName"), actor != null,
        a(actor, "type"), a(actor, "auditActorType"), a(actor, "applicationId"), a(actor, "applicationDisplayName"),
        a(actor, "userPrincipalName"), a(actor, "servicePrincipalName"), a(actor, "ipAddress"), a(actor, "userId"),
        a(actor, "remoteTenantId"), a(actor, "remoteUserId"), event.get("activity"), OffsetDateTime.parse(time),
        event.get("activityType"), event.get("activityOperationType"), event.get("activityResult"),
        UUID.fromString((String) event.get("correlationId")), event.get("category")};
    List<String> permissions = actor == null ? List.of() : (List<String>) actor.get("userPermissions");
    List<String[]> tags = new ArrayList<>();
    if (actor != null && actor.get("userRoleScopeTags") != null) {
      for (Map<String, Object> tag : (List<Map<String, Object>>) actor.get("userRoleScopeTags")) {
        tags.add(new String[] {(String) tag.get("displayName"), (String) tag.get("roleScopeTagId")});
      }
    }
    List<String[]> resources = new ArrayList<>();
    List<String[]> properties = new ArrayList<>();
    List<Map<String, Object>> rs = (List<Map<String, Object>>) event.get("resources");
    for (int r = 0; rs != null && r < rs.size(); r++) {
      Map<String, Object> res = rs.get(r);
      resources.add(new String[] {(String) res.get("displayName"), (String) res.get("type"),
          (String) res.get("auditResourceType"), (String) res.get("resourceId")});
      List<Map<String, Object>> mps = (List<Map<String, Object>>) res.get("modifiedProperties");
      for (int m = 0; mps != null && m < mps.size(); m++) {
        properties.add(new String[] {String.valueOf(r), String.valueOf(m), (String) mps.get(m).get("displayName"),
            (String) mps.get(m).get("oldValue"), (String) mps.get(m).get("newValue")});
      }
    }
    return new Row(event.id(), scalars, json, permissions == null ? List.of() : permissions, tags, resources,
        properties);
  }

  private static Object a(Map<String, Object> actor, String name) {
    return actor == null ? null : actor.get(name);
  }
}
