package graphaudit.internal.viewer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphaudit.Token;
import graphaudit.internal.auth.DevTokenIssuer;
import graphaudit.internal.pipeline.GraphException;
import graphaudit.internal.pipeline.GraphReply;
import graphaudit.internal.pipeline.GraphRequest;
import graphaudit.internal.pipeline.LocalRoute;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /viewer/dev-token}: the viewer's sign-in button. {@code GET} says whether it is offered;
 * {@code POST {"tenant":"GUID"}} mints a 15-minute read-only dev token for that tenant. Served only in
 * dev mode on a loopback listener, and only to the viewer's own origin: a request that
 * {@code Sec-Fetch-Site} or {@code Origin} shows came from another site is refused, a POST must be
 * JSON (which a cross-site form cannot send), and no reply carries CORS headers (the pipeline gives
 * local routes none), so another site's page can neither mint nor read a token. Thread-safe.
 */
final class DevTokenRoute implements LocalRoute {

  static final String PATH = "/viewer/dev-token";
  static final Duration LIFETIME = Duration.ofMinutes(15);
  private static final Set<String> OWN_SITE = Set.of("same-origin", "none");
  private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Null when not offered; {@link #refusal} says why. */
  private final DevTokenIssuer issuer;
  private final String refusal;

  /**
   * @param issuer  the dev-mode token issuer, or null outside dev mode
   * @param loopback whether every listener is bound to a loopback address
   */
  DevTokenRoute(DevTokenIssuer issuer, boolean loopback) {
    this.refusal = issuer == null ? "Dev tokens are served in dev mode (--auth dev) only."
        : !loopback ? "Dev tokens are served only on a loopback listener (--host 127.0.0.1 or ::1): mint one with the"
            + " token command (in a container: podman or docker exec CONTAINER java -jar"
            + " /opt/graph-audit/graph-audit.jar token --data /data) and paste it." : null;
    this.issuer = refusal == null ? issuer : null;
  }

  @Override
  public boolean serves(String path) {
    return path.equals(PATH);
  }

  @Override
  public GraphReply answer(GraphRequest request, byte[] body) throws IOException {
    boolean post = request.method().equals("POST");
    if (!post && !request.method().equals("GET")) {
      throw new GraphException(405, "The HTTP method '" + request.method() + "' is not allowed here; use GET or POST.",
          Map.of("Allow", "GET, POST"));
    }
    if (refusal != null) {
      throw new GraphException(403, refusal);
    }
    requireOwnOrigin(request);
    ObjectNode answer = JSON.createObjectNode();
    if (!post) {
      answer.put("available", true);
    } else {
      String tenant = tenant(request, body);
      answer.put("access_token", issuer.mint(Token.delegated(tenant, Token.READ).withLifetime(LIFETIME)));
      answer.put("token_type", "Bearer");
      answer.put("expires_in", LIFETIME.toSeconds());
      answer.put("tenant", tenant);
    }
    return new GraphReply(200, PageHeaders.of("application/json"), JSON.writeValueAsBytes(answer));
  }

  private static void requireOwnOrigin(GraphRequest request) {
    String site = request.headers().first("Sec-Fetch-Site");
    if (site != null && !OWN_SITE.contains(site)) {
      throw new GraphException(403, "Dev tokens are given to the viewer's own pages only (Sec-Fetch-Site: "
          + site + ").");
    }
    String origin = request.headers().first("Origin");
    if (origin != null && !origin.equalsIgnoreCase(request.origin())
        && !origin.equalsIgnoreCase(defaultPortLess(request.origin()))) {
      throw new GraphException(403, "Dev tokens are given to the viewer's own origin only.");
    }
  }

  /** {@code http://host} for {@code http://host:80} (a browser leaves the default port out of Origin). */
  private static String defaultPortLess(String origin) {
    boolean defaultPort = origin.startsWith("http://") && origin.endsWith(":80")
        || origin.startsWith("https://") && origin.endsWith(":443");
    return defaultPort ? origin.substring(0, origin.lastIndexOf(':')) : origin;
  }

  private static String tenant(GraphRequest request, byte[] body) {
    String contentType = request.headers().first("Content-Type");
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new GraphException(415, "Send the tenant as JSON: {\"tenant\":\"GUID\"} with Content-Type: application/json.");
    }
    JsonNode tenant;
    try {
      tenant = JSON.readTree(body).path("tenant");
    } catch (IOException e) {
      throw new GraphException(400, "The body is not valid JSON.");
    }
    if (!tenant.isTextual() || !GUID.matcher(tenant.asText()).matches()) {
      throw new GraphException(400, "'tenant' must be a tenant id (a GUID).");
    }
    return tenant.asText().toLowerCase(Locale.ROOT);
  }
}
