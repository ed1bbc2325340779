package graphaudit.internal.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphaudit.internal.pipeline.Exchange;
import graphaudit.internal.pipeline.GraphReply;
import graphaudit.internal.pipeline.Headers;
import graphaudit.internal.pipeline.RouteHandler;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /{tenant}/v2.0/.well-known/openid-configuration} and the v1 form
 * {@code /{tenant}/.well-known/openid-configuration}, dev mode only: the OpenID Connect discovery
 * document as Entra ID writes it for a tenant, with this service's origin in place of
 * {@code https://login.microsoftonline.com}, so MSAL (which reads {@code token_endpoint} from it in
 * JavaScript, Python and .NET) finds the token endpoint here. A multi-tenant alias keeps Entra's
 * {@code {tenantid}} placeholder in {@code issuer}; a tenant name this service does not know is
 * Entra's {@code AADSTS90002}. Thread-safe.
 */
public final class OpenIdConfiguration implements RouteHandler {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Headers CACHEABLE = Headers.of(Map.of("Content-Type", List.of("application/json; charset=utf-8"),
      "Cache-Control", List.of("max-age=86400, private")));

  private final Clock clock;

  public OpenIdConfiguration(Clock clock) {
    this.clock = clock;
  }

  @Override
  public GraphReply answer(Exchange exchange) throws Exception {
    String tenant = exchange.variable("tenant");
    boolean alias = TenantSegment.isAlias(tenant);
    if (!alias && !TenantSegment.isTenantId(tenant)) {
      return EntraErrors.reply(EntraException.tenantNotFound(tenant, "invalid_tenant"), exchange.ids().requestId(),
          exchange.ids().clientRequestId(), clock);
    }
    boolean v2 = exchange.request().path().toLowerCase(Locale.ROOT).contains("/v2.0/.well-known/");
    String origin = exchange.request().origin();
    String authority = origin + "/" + (alias ? tenant.toLowerCase(Locale.ROOT) : tenant);
    String tenantInIssuer = alias ? "{tenantid}" : tenant;
    String oauth = authority + (v2 ? "/oauth2/v2.0" : "/oauth2");
    ObjectNode doc = JSON.createObjectNode();
    doc.put("token_endpoint", oauth + "/token");
    strings(doc.putArray("token_endpoint_auth_methods_supported"), "client_secret_post", "private_key_jwt",
        "client_secret_basic");
    doc.put("jwks_uri", authority + (v2 ? "/discovery/v2.0/keys" : "/discovery/keys"));
    strings(doc.putArray("response_modes_supported"), "query", "fragment", "form_post");
    strings(doc.putArray("subject_types_supported"), "pairwise");
    strings(doc.putArray("id_token_signing_alg_values_supported"), "RS256");
    strings(doc.putArray("response_types_supported"), "code", "id_token", "code id_token",
        v2 ? "id_token token" : "token id_token", v2 ? null : "token");
    if (v2) {
      strings(doc.putArray("scopes_supported"), "openid", "profile", "email", "offline_access");
    }
    doc.put("issuer", v2 ? origin + "/" + tenantInIssuer + "/v2.0" : "https://sts.windows.net/" + tenantInIssuer + "/");
    doc.put("request_uri_parameter_supported", false);
    doc.put("userinfo_endpoint", v2 ? "https://graph.microsoft.com/oidc/userinfo" : origin + "/" + tenant
        + "/openid/userinfo");
    doc.put("authorization_endpoint", oauth + "/authorize");
    doc.put("device_authorization_endpoint", oauth + "/devicecode");
    doc.put("http_logout_supported", true);
    doc.put("frontchannel_logout_supported", true);
    doc.put("end_session_endpoint", oauth + "/logout");
    strings(doc.putArray("claims_supported"), "sub", "iss", "cloud_instance_name", "cloud_instance_host_name",
        "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce",
        "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email");
    doc.put("kerberos_endpoint", authority + "/kerberos");
    doc.putNull("tenant_region_scope");
    doc.put("cloud_instance_name", "microsoftonline.com");
    doc.put("cloud_graph_host_name", "graph.windows.net");
    doc.put("msgraph_host", "graph.microsoft.com");
    doc.put("rbac_url", "https://pas.windows.net");
    return new GraphReply(200, CACHEABLE, JSON.writeValueAsBytes(doc));
  }

  private static void strings(ArrayNode array, String... values) {
    for (String value : values) {
      if (value != null) {
        array.add(value);
      }
    }
  }
}
