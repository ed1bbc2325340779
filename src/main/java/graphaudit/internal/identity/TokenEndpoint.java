package graphaudit.internal.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphaudit.Token;
import graphaudit.internal.auth.DevTokenIssuer;
import graphaudit.internal.pipeline.Exchange;
import graphaudit.internal.pipeline.GraphReply;
import graphaudit.internal.pipeline.RouteHandler;
import graphaudit.internal.request.QueryString;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code POST /{tenant}/oauth2/v2.0/token} (and the v1 {@code /{tenant}/oauth2/token}), dev mode
 * only: Entra ID's token endpoint for the client credentials grant, as Azure Identity's
 * {@code ClientSecretCredential} and {@code ClientCertificateCredential} (through MSAL) call it. The
 * client is an app of {@link AppRegistry}, authenticated by its secret (form or HTTP Basic) or by a
 * certificate-signed {@code client_assertion} ({@link ClientAssertions}); the scope is Graph's
 * {@code /.default}. The access token is the service's own dev token: an application token of the app's
 * tenant with its roles. Every refusal is Entra's error body with Entra's status. Thread-safe.
 */
public final class TokenEndpoint implements RouteHandler {

  /** Graph's resource, by the names a client may use for it. */
  private static final Set<String> GRAPH = Set.of("https://graph.microsoft.com", "00000003-0000-0000-c000-000000000000",
      "graph.microsoft.com");
  /** Scopes MSAL may add to any request, which the client credentials grant ignores. */
  private static final Set<String> RESERVED = Set.of("openid", "profile", "offline_access", "email");
  private static final Duration LIFETIME = Duration.ofHours(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AppRegistry apps;
  private final DevTokenIssuer issuer;
  private final Clock clock;

  public TokenEndpoint(AppRegistry apps, DevTokenIssuer issuer, Clock clock) {
    this.apps = apps;
    this.issuer = issuer;
    this.clock = clock;
  }

  @Override
  public GraphReply answer(Exchange exchange) throws Exception {
    try {
      return token(exchange);
    } catch (EntraException e) {
      return EntraErrors.reply(e, exchange.ids().requestId(), exchange.ids().clientRequestId(), clock);
    }
  }

  private GraphReply token(Exchange exchange) throws Exception {
    String tenant = exchange.variable("tenant");
    boolean v2 = exchange.request().path().toLowerCase(Locale.ROOT).contains("/oauth2/v2.0/");
    QueryString form = QueryString.parse(new String(exchange.body(), StandardCharsets.UTF_8));
    String[] basic = basicCredentials(exchange.headers().authorization());
    String grantType = form.value("grant_type");
    if (grantType == null) {
      throw EntraException.missing("grant_type");
    }
    if (!grantType.equals("client_credentials")) {
      throw new EntraException(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '"
          + grantType + "'. This service issues tokens for the client credentials grant only.");
    }
    String clientId = form.value("client_id") != null ? form.value("client_id") : basic == null ? null : basic[0];
    if (clientId == null) {
      throw EntraException.missing("client_id");
    }
    if (TenantSegment.isAlias(tenant)) {
      throw new EntraException(400, "invalid_request", 90010, "The grant type is not supported over the /common, "
          + "/organizations or /consumers endpoints. Please use the tenant-specific endpoint.");
    }
    if (!TenantSegment.isTenantId(tenant)) {
      throw EntraException.tenantNotFound(tenant, "invalid_request");
    }
    String resource = resource(form, v2, exchange);
    App app = apps.find(clientId).filter(found -> found.tenantId().equalsIgnoreCase(tenant))
        .orElseThrow(() -> new EntraException(400, "unauthorized_client", 700016, "Application with identifier '"
            + clientId + "' was not found in the directory '" + tenant + "'. This can happen if the application "
            + "has not been installed by the administrator of the tenant or consented to by any user in the tenant. "
            + "You may have sent your authentication request to the wrong tenant."));
    authenticate(app, form, basic, exchange, tenant);
    String accessToken = issuer.mint(new Token(app.tenantId(), Token.Kind.APPLICATION, app.roles(), null,
        app.clientId(), LIFETIME));
    long seconds = LIFETIME.toSeconds() - 1;
    ObjectNode body = JSON.createObjectNode();
    body.put("token_type", "Bearer");
    if (v2) {
      body.put("expires_in", seconds);
      body.put("ext_expires_in", seconds);
    } else { // the v1 endpoint writes its numbers as strings
      long now = clock.instant().getEpochSecond();
      body.put("expires_in", Long.toString(seconds));
      body.put("ext_expires_in", Long.toString(seconds));
      body.put("expires_on", Long.toString(now + seconds));
      body.put("not_before", Long.toString(now));
      body.put("resource", resource);
    }
    body.put("access_token", accessToken);
    return new GraphReply(200, EntraErrors.NO_STORE, JSON.writeValueAsBytes(body));
  }

  /**
   * The resource asked for: v2 {@code scope=<resource>/.default} (MSAL's reserved scopes aside), v1
   * {@code resource=<resource>}; Graph, or this service itself (a Kiota client without scopes asks for
   * its base URL's host).
   */
  private static String resource(QueryString form, boolean v2, Exchange exchange) {
    String resource;
    if (v2) {
      String scope = form.value("scope");
      if (scope == null || scope.isBlank()) {
        throw EntraException.missing("scope");
      }
      List<String> scopes = new ArrayList<>();
      for (String each : scope.trim().split("\\s+")) {
        if (!RESERVED.contains(each.toLowerCase(Locale.ROOT))) {
          scopes.add(each);
        }
      }
      if (scopes.size() != 1 || !scopes.get(0).endsWith("/.default")) {
        throw new EntraException(400, "invalid_scope", 1002012, "The provided value for scope " + scope + " is not "
            + "valid. Client credential flows must have a scope value with /.default suffixed to the resource "
            + "identifier (application ID URI).");
      }
      resource = scopes.get(0).substring(0, scopes.get(0).length() - "/.default".length());
    } else {
      resource = form.value("resource");
      if (resource == null || resource.isBlank()) {
        throw EntraException.missing("resource");
      }
    }
    String bare = resource.replaceAll("/+$", "");
    if (GRAPH.contains(bare.toLowerCase(Locale.ROOT)) || isThisService(bare, exchange)) {
      return bare;
    }
    throw new EntraException(400, "invalid_resource", 500011, "The resource principal named " + resource
        + " was not found in the tenant named " + exchange.variable("tenant") + ". This can happen if the "
        + "application has not been installed by the administrator of the tenant or consented to by any user in "
        + "the tenant. You might have sent your authentication request to the wrong tenant. This service issues "
        + "tokens for https://graph.microsoft.com only.");
  }

  /** {@code https://127.0.0.1} or {@code https://127.0.0.1:8443}, when this service is on 127.0.0.1. */
  private static boolean isThisService(String resource, Exchange exchange) {
    java.net.URI origin = java.net.URI.create(exchange.request().origin());
    try {
      java.net.URI uri = java.net.URI.create(resource);
      return origin.getHost() != null && origin.getHost().equalsIgnoreCase(uri.getHost())
          && (uri.getPath() == null || uri.getPath().isEmpty());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private void authenticate(App app, QueryString form, String[] basic, Exchange exchange, String tenant) {
    String secret = form.value("client_secret") != null ? form.value("client_secret") : basic == null ? null : basic[1];
    String assertion = form.value("client_assertion");
    if (secret != null) {
      if (!app.secretIs(secret)) {
        throw new EntraException(401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret "
            + "being sent in the request is the client secret value, not the client secret ID, for a secret added to "
            + "app '" + app.clientId() + "'.");
      }
      return;
    }
    if (assertion == null) {
      throw new EntraException(401, "invalid_client", 7000218,
          "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    }
    String type = form.value("client_assertion_type");
    if (!ClientAssertions.JWT_BEARER.equals(type)) {
      throw new EntraException(400, "invalid_request", 900144, type == null
          ? "The request body must contain the following parameter: 'client_assertion_type'."
          : "The value of 'client_assertion_type' must be '" + ClientAssertions.JWT_BEARER + "', not '" + type + "'.");
    }
    String origin = exchange.request().origin();
    ClientAssertions.verify(assertion, app, List.of(origin + "/" + tenant + "/oauth2/v2.0/token",
        origin + "/" + tenant + "/oauth2/token", defaultPortless(origin) + "/" + tenant + "/oauth2/v2.0/token",
        defaultPortless(origin) + "/" + tenant + "/oauth2/token"), clock);
  }

  /** {@code https://host:443} as {@code https://host}: a client names the default port or leaves it out. */
  private static String defaultPortless(String origin) {
    return origin.endsWith(":443") && origin.startsWith("https:") ? origin.substring(0, origin.length() - 4)
        : origin.endsWith(":80") && origin.startsWith("http:") ? origin.substring(0, origin.length() - 3) : origin;
  }

  /** The client id and secret of {@code Authorization: Basic …} (form-encoded inside, RFC 6749 2.3.1), or null. */
  private static String[] basicCredentials(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return null;
      }
      return new String[] {QueryString.decode(decoded.substring(0, colon)), QueryString.decode(decoded.substring(colon + 1))};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
