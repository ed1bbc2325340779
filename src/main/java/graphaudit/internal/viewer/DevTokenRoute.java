package graphaudit.internal.viewer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphaudit.Token;
import graphaudit.internal.auth.DevTokenIssuer;
import graphaudit.internal.pipeline.Exchange;
import graphaudit.internal.pipeline.GraphException;
import graphaudit.internal.pipeline.GraphReply;
import graphaudit.internal.pipeline.RouteHandler;
import graphaudit.internal.request.MediaType;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /viewer/dev-token}: the viewer's sign-in button. {@code GET} says whether it is offered;
 * {@code POST {"tenant":"GUID"}} mints a 15-minute read-only dev token for that tenant. Its route is
 * served only in dev mode on a loopback listener, and only to the viewer's own origin: a request that
 * {@code Sec-Fetch-Site} or {@code Origin} shows came from another site is refused, a POST must be
 * JSON (which a cross-site form cannot send), and no reply carries CORS headers (the route is for its
 * own origin only), so another site's page can neither mint nor read a token. Thread-safe.
 */
final class DevTokenRoute implements RouteHandler {

  static final Duration LIFETIME = Duration.ofMinutes(15);
  private static final Set<String> OWN_SITE = Set.of("same-origin", "none");
  private static final Pattern GUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DevTokenIssuer issuer;

  /** @param issuer the dev-mode token issuer (the route is served in dev mode only) */
  DevTokenRoute(DevTokenIssuer issuer) {
    this.issuer = issuer;
  }

  @Override
  public GraphReply answer(Exchange exchange) throws IOException {
    requireOwnOrigin(exchange);
    ObjectNode answer = JSON.createObjectNode();
    if (!exchange.method().equals("POST")) {
      answer.put("available", true);
    } else {
      String tenant = tenant(exchange);
      answer.put("access_token", issuer.mint(Token.delegated(tenant, Token.READ).withLifetime(LIFETIME)));
      answer.put("token_type", "Bearer");
      answer.put("expires_in", LIFETIME.toSeconds());
      answer.put("tenant", tenant);
    }
    return new GraphReply(200, PageHeaders.of("application/json"), JSON.writeValueAsBytes(answer));
  }

  private static void requireOwnOrigin(Exchange exchange) {
    String site = exchange.headers().secFetchSite();
    if (site != null && !OWN_SITE.contains(site)) {
      throw new GraphException(403, "Dev tokens are given to the viewer's own pages only (Sec-Fetch-Site: "
          + site + ").");
    }
    String origin = exchange.headers().origin();
    String own = exchange.request().origin();
    if (origin != null && !origin.equalsIgnoreCase(own) && !origin.equalsIgnoreCase(defaultPortLess(own))) {
      throw new GraphException(403, "Dev tokens are given to the viewer's own origin only.");
    }
  }

  /** {@code http://host} for {@code http://host:80} (a browser leaves the default port out of Origin). */
  private static String defaultPortLess(String origin) {
    boolean defaultPort = origin.startsWith("http://") && origin.endsWith(":80")
        || origin.startsWith("https://") && origin.endsWith(":443");
    return defaultPort ? origin.substring(0, origin.lastIndexOf(':')) : origin;
  }

  private static String tenant(Exchange exchange) {
    MediaType contentType = exchange.headers().contentType();
    if (contentType == null || !contentType.is(MediaType.JSON)) {
      throw new GraphException(415, "Send the tenant as JSON: {\"tenant\":\"GUID\"} with Content-Type: application/json.");
    }
    JsonNode tenant;
    try {
      tenant = JSON.readTree(exchange.body()).path("tenant");
    } catch (IOException e) {
      throw new GraphException(400, "The body is not valid JSON.");
    }
    if (!tenant.isTextual() || !GUID.matcher(tenant.asText()).matches()) {
      throw new GraphException(400, "'tenant' must be a tenant id (a GUID).");
    }
    return tenant.asText().toLowerCase(Locale.ROOT);
  }
}
