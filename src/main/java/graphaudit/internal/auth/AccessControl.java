package graphaudit.internal.auth;

import graphaudit.GraphAuditConfig;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The door to both service roots: the {@code Authorization: Bearer} token must be valid (else 401), of
 * a tenant that may call (the personal-account tenant may not: 403), and hold a permission allowing the
 * request's method (else 403). Thread-safe.
 */
public final class AccessControl {

  /** Tenant of personal Microsoft accounts, which Graph's Intune APIs do not serve. */
  public static final String PERSONAL_ACCOUNTS_TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";
  /** The challenge Graph sends with a 401. */
  public static final String CHALLENGE = "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/"
      + "common/oauth2/authorize\", client_id=\"" + GraphAuditConfig.Auth.GRAPH_APP_ID + "\"";
  private static final String BEARER = "bearer ";

  private final TokenValidator validator;

  private AccessControl(TokenValidator validator) {
    this.validator = validator;
  }

  /** Access control for {@code config}; dev mode keeps (or creates) its signing key in {@code dataDir}. */
  public static AccessControl create(AuthConfig config, Path dataDir) throws IOException {
    return new AccessControl(TokenValidator.create(config, dataDir));
  }

  /** The caller behind {@code authorization} (the header's value, or null) if it may send {@code method}. */
  public Caller authorize(String authorization, String method) throws AccessDeniedException {
    Caller caller = authenticate(authorization);
    Permissions.require(caller, method);
    return caller;
  }

  /**
   * The caller behind {@code authorization} whatever it holds: a batch's token, checked once for the
   * whole batch before each item is checked for its own method.
   */
  public Caller authenticate(String authorization) throws AccessDeniedException {
    Caller caller = validator.validate(bearerToken(authorization));
    if (caller.tenantId().equals(PERSONAL_ACCOUNTS_TENANT)) {
      throw AccessDeniedException.forbidden("Personal Microsoft accounts (tenant " + PERSONAL_ACCOUNTS_TENANT
          + ") cannot use this API; use a work or school account.");
    }
    return caller;
  }

  private String bearerToken(String authorization) throws AccessDeniedException {
    String value = authorization == null ? "" : authorization.trim();
    if (value.isEmpty()) {
      throw AccessDeniedException.unauthenticated("Access token is empty." + validator.remedy());
    }
    if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw AccessDeniedException.unauthenticated("The Authorization header must be 'Bearer <access token>'."
          + validator.remedy());
    }
    String token = value.substring(BEARER.length()).trim();
    if (token.isEmpty()) {
      throw AccessDeniedException.unauthenticated("Access token is empty." + validator.remedy());
    }
    return token;
  }
}
