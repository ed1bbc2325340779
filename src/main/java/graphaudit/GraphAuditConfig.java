package graphaudit;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything {@link GraphAudit#start} needs, in four sections, each value's default written here and
 * nowhere else: {@link Http} (listeners and request limits), {@link Auth} (how tokens are validated),
 * {@link Store} (where events live, and what to seed them with) and {@link Emulation} (Graph's
 * throttling, faults and latency). The {@code serve} command and the JUnit extension only set what they are
 * told. A configuration is mutable until it is started; settle it on one thread.
 *
 * <pre>{@code
 * GraphAudit graph = GraphAudit.start(config -> config
 *     .http(http -> http.port(0))
 *     .store(store -> store.inMemory().seedEvents(1_000, 42)));
 * }</pre>
 */
public final class GraphAuditConfig {

  /** The tenant the {@code token} command, seeding and the extension's default token use. */
  public static final String DEV_TENANT = "8c3dad1d-b6bc-4f8b-939b-8263372eced6";

  private final Http http = new Http();
  private final Auth auth = new Auth();
  private final Store store = new Store();
  private final Emulation emulation = new Emulation();

  /** Listeners and request limits. */
  public Http http() {
    return http;
  }

  /** Changes the listeners and request limits. */
  public GraphAuditConfig http(Consumer<Http> change) {
    change.accept(http);
    return this;
  }

  /** How bearer tokens are validated. */
  public Auth auth() {
    return auth;
  }

  /** Changes how bearer tokens are validated. */
  public GraphAuditConfig auth(Consumer<Auth> change) {
    change.accept(auth);
    return this;
  }

  /** Where events are stored. */
  public Store store() {
    return store;
  }

  /** Changes where events are stored. */
  public GraphAuditConfig store(Consumer<Store> change) {
    change.accept(store);
    return this;
  }

  /** Throttling, fault injection and latency. */
  public Emulation emulation() {
    return emulation;
  }

  /** Changes throttling, fault injection and latency. */
  public GraphAuditConfig emulation(Consumer<Emulation> change) {
    change.accept(emulation);
    return this;
  }

  /** HTTP (and optionally HTTPS) listeners and request limits. */
  public static final class Http {
    private String host = "127.0.0.1";
    private int port = 8080;
    private Integer httpsPort;
    private Path tlsKeystore;
    private String tlsPassword;
    private Duration idleTimeout = Duration.ofSeconds(30);
    private long maxBodyBytes = 4L * 1024 * 1024;
    private List<String> corsOrigins;
    private String accessLog;
    private String metricsToken;

    Http() {
    }

    /** The interface to listen on; default {@code 127.0.0.1}. */
    public Http host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    public String host() {
      return host;
    }

    /** The HTTP port, 0 for any free one; default 8080. */
    public Http port(int port) {
      this.port = checkPort(port);
      return this;
    }

    public int port() {
      return port;
    }

    /**
     * Also serves HTTPS on this port (0: any free one), with the PKCS#12 {@code keystore}; in dev mode a
     * null keystore means a self-signed localhost certificate kept in the data directory.
     */
    public Http https(int port, Path keystore, String password) {
      this.httpsPort = checkPort(port);
      this.tlsKeystore = keystore;
      this.tlsPassword = password;
      return this;
    }

    /** The HTTPS port asked for, or null for HTTP only. */
    public Integer httpsPort() {
      return httpsPort;
    }

    public Path tlsKeystore() {
      return tlsKeystore;
    }

    public String tlsPassword() {
      return tlsPassword;
    }

    /** How long a connection may send nothing (a stalled body too) before it is closed; default 30 s. */
    public Http idleTimeout(Duration idleTimeout) {
      if (idleTimeout.isNegative() || idleTimeout.isZero()) {
        throw new IllegalArgumentException("the idle timeout must be positive");
      }
      this.idleTimeout = idleTimeout;
      return this;
    }

    public Duration idleTimeout() {
      return idleTimeout;
    }

    /** The largest request body accepted (413 beyond); default 4 MiB, Graph's limit. */
    public Http maxBodyBytes(long maxBodyBytes) {
      if (maxBodyBytes <= 0) {
        throw new IllegalArgumentException("the largest body must be positive");
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    public long maxBodyBytes() {
      return maxBodyBytes;
    }

    /** Origins allowed cross-origin (browser) access, {@code *} for any; default any in dev mode, else none. */
    public Http corsOrigins(List<String> origins) {
      this.corsOrigins = origins == null ? null : List.copyOf(origins);
      return this;
    }

    /** The origins set, or null for the auth mode's default. */
    public List<String> corsOrigins() {
      return corsOrigins;
    }

    /**
     * Logs each request as a JSON line (request id, tenant, method, path without secret query values,
     * status, duration; never a token) to {@code stdout} or appended to this file; null (default): none.
     */
    public Http accessLog(String target) {
      this.accessLog = target;
      return this;
    }

    public String accessLog() {
      return accessLog;
    }

    /** Makes {@code GET /metrics} ask for {@code Authorization: Bearer <token>}; null (default): open like /health. */
    public Http metricsToken(String token) {
      this.metricsToken = token;
      return this;
    }

    public String metricsToken() {
      return metricsToken;
    }

    private static int checkPort(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("a port is 0 to 65535, not " + port);
      }
      return port;
    }
  }

  /** How bearer tokens are validated: dev mode (the service's own key) or a JSON Web Key Set. */
  public static final class Auth {
    /** Entra ID v1 access tokens for Graph are issued by the tenant's own STS. */
    public static final String GRAPH_ISSUER = "https://sts.windows.net/{tid}/";
    public static final String GRAPH_AUDIENCE = "https://graph.microsoft.com";
    public static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

    private URI jwksUri;
    private Path jwksFile;
    private String issuer = GRAPH_ISSUER;
    private Set<String> audiences = Set.of(GRAPH_AUDIENCE, GRAPH_APP_ID);

    Auth() {
    }

    /**
     * Dev mode (the default): tokens signed by the service's own key, kept in the data directory and
     * minted by {@link GraphAudit#mint} or the {@code token} command. Dev-only conveniences (the admin
     * requests, the viewer's dev sign-in) exist in this mode only.
     */
    public Auth dev() {
      this.jwksUri = null;
      this.jwksFile = null;
      return this;
    }

    /** Validates tokens with the keys of the JSON Web Key Set at {@code uri} (refreshed as they rotate). */
    public Auth jwks(URI uri) {
      this.jwksUri = Objects.requireNonNull(uri, "uri");
      this.jwksFile = null;
      return this;
    }

    /** Validates tokens with the keys of a local JSON Web Key Set file. */
    public Auth jwks(Path file) {
      this.jwksFile = Objects.requireNonNull(file, "file");
      this.jwksUri = null;
      return this;
    }

    /** True unless a key set was given. */
    public boolean isDev() {
      return jwksUri == null && jwksFile == null;
    }

    public URI jwksUri() {
      return jwksUri;
    }

    public Path jwksFile() {
      return jwksFile;
    }

    /** The accepted {@code iss}; {@code {tid}} stands for the token's tenant. Default {@link #GRAPH_ISSUER}. */
    public Auth issuer(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    public String issuer() {
      return issuer;
    }

    /** The accepted {@code aud} values; default Graph's URL and application id. */
    public Auth audiences(Set<String> audiences) {
      this.audiences = Set.copyOf(audiences);
      return this;
    }

    public Set<String> audiences() {
      return audiences;
    }
  }

  /** Where events live: an H2 file in a data directory (the default), H2 in memory, or a JDBC URL. */
  public static final class Store {
    private Path dataDir = Path.of("data");
    private String jdbcUrl;
    private boolean inMemory;
    private int cacheMegabytes = 64;
    private long seedEvents;
    private long seed = 1;
    private Integer retentionDays;

    Store() {
    }

    /**
     * The directory of the H2 file, the dev signing key and the dev certificate; default {@code data}.
     * With a JDBC URL or in memory it holds only the key and certificate.
     */
    public Store dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    public Path dataDir() {
      return dataDir;
    }

    /** Stores in the database this URL names (PostgreSQL, or a remote H2) instead of the H2 file. */
    public Store jdbcUrl(String jdbcUrl) {
      this.jdbcUrl = jdbcUrl;
      this.inMemory = false;
      return this;
    }

    public String jdbcUrl() {
      return jdbcUrl;
    }

    /** Stores in an H2 database in this JVM's memory, gone at {@link GraphAudit#close()}: for tests. */
    public Store inMemory() {
      this.inMemory = true;
      this.jdbcUrl = null;
      return this;
    }

    public boolean isInMemory() {
      return inMemory;
    }

    /**
     * H2's page cache; default 64 MB. More makes random inserts into a large file cheaper (fewer
     * pages read back) at the cost of the process's memory.
     */
    public Store cacheMegabytes(int megabytes) {
      if (megabytes < 1) {
        throw new IllegalArgumentException("the cache needs at least 1 MB");
      }
      this.cacheMegabytes = megabytes;
      return this;
    }

    public int cacheMegabytes() {
      return cacheMegabytes;
    }

    /**
     * Starts with {@code count} generated events in {@link #DEV_TENANT} (only if it holds none yet),
     * the same events for the same {@code seed}.
     */
    public Store seedEvents(long count, long seed) {
      if (count < 0) {
        throw new IllegalArgumentException("the number of seed events cannot be negative");
      }
      this.seedEvents = count;
      this.seed = seed;
      return this;
    }

    public long seedEvents() {
      return seedEvents;
    }

    public long seed() {
      return seed;
    }

    /**
     * Deletes events whose {@code activityDateTime} is more than {@code days} old, in the background
     * (Intune keeps audit events for a year: 365); null (the default) keeps every event.
     */
    public Store retentionDays(Integer days) {
      if (days != null && days < 1) {
        throw new IllegalArgumentException("--retention-days must be at least 1 (leave it out to keep every event)");
      }
      this.retentionDays = days;
      return this;
    }

    public Integer retentionDays() {
      return retentionDays;
    }
  }

  /** Graph's throttling (429 with Retry-After), injected faults and latency; each switchable at run time. */
  public static final class Emulation {
    private String throttle = "off";
    private String faults = "off";
    private String latency = "off";
    private Clock clock = Clock.systemUTC();

    Emulation() {
    }

    /**
     * {@code off} (default), {@code graph} (Graph's Intune auditing limits) or limits such as
     * {@code requests=50/10s,writes=5/10s,tenant-requests=80/10s,tenant-writes=8/10s}.
     */
    public Emulation throttle(String throttle) {
      this.throttle = Objects.requireNonNull(throttle, "throttle");
      return this;
    }

    public String throttle() {
      return throttle;
    }

    /** {@code off} (default) or e.g. {@code rate=0.05,statuses=429+503+504,seed=7}. */
    public Emulation faults(String faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    public String faults() {
      return faults;
    }

    /**
     * {@code off} (default), {@code fixed=200ms}, or {@code p50=120ms,p99=900ms,seed=7} (log-normal),
     * optionally per root or operation: {@code list:p50=300ms,p99=2s;beta/get:fixed=80ms}. Replies of the
     * Graph roots are held back that long, without a thread waiting.
     */
    public Emulation latency(String latency) {
      this.latency = Objects.requireNonNull(latency, "latency");
      return this;
    }

    public String latency() {
      return latency;
    }

    /** The clock throttling windows are measured in; default the system's. */
    public Emulation clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Clock clock() {
      return clock;
    }
  }
}
