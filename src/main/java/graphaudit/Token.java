package graphaudit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a token minted by {@link GraphAudit#mint} says: an Entra ID v1 access token for Graph, either
 * delegated (permissions in {@code scp}, a signed-in user) or application (permissions in
 * {@code roles}, no user). Immutable; the {@code with…} methods return changed copies.
 *
 * <pre>{@code
 * String token = graph.mint(Token.delegated(tenantId, "DeviceManagementApps.Read.All")
 *     .withLifetime(Duration.ofMinutes(5)));
 * }</pre>
 *
 * @param tenantId     the {@code tid}: the tenant whose events the token reaches
 * @param kind         delegated or application
 * @param permissions  written space-separated in {@code scp} (delegated) or as the {@code roles} array
 * @param user         the signed-in user's UPN (delegated only; null for application tokens)
 * @param appId        the client application's id ({@code appid})
 * @param lifetime     from now to {@code exp}
 */
public record Token(String tenantId, Kind kind, List<String> permissions, String user, String appId,
    Duration lifetime) {

  /** Lets a caller read, list and count events, and read {@code $metadata}. */
  public static final String READ = "DeviceManagementApps.Read.All";
  /** Lets a caller also create, update and delete events. */
  public static final String READ_WRITE = "DeviceManagementApps.ReadWrite.All";
  public static final String DEFAULT_USER = "dev@contoso.onmicrosoft.com";
  /** A made-up client application id. */
  public static final String DEFAULT_APP_ID = "5c1e8c5a-3c4e-4d5b-9f3e-6a0c2b7d9e41";
  public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

  /** Whether a user signed in (delegated permissions) or an application acts on its own (roles). */
  public enum Kind { DELEGATED, APPLICATION }

  /**
   * @throws IllegalArgumentException when the lifetime is not positive, or an application token names a user
   */
  public Token {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(kind, "kind");
    permissions = List.copyOf(permissions);
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("the lifetime must be positive");
    }
    if (kind == Kind.APPLICATION && user != null) {
      throw new IllegalArgumentException("an application token has no user");
    }
  }

  /** A delegated token of {@code tenantId} for the default user and app, valid for an hour. */
  public static Token delegated(String tenantId, String... scopes) {
    return new Token(tenantId, Kind.DELEGATED, List.of(scopes), DEFAULT_USER, DEFAULT_APP_ID, DEFAULT_LIFETIME);
  }

  /** An application token of {@code tenantId} for the default app, valid for an hour. */
  public static Token application(String tenantId, String... roles) {
    return new Token(tenantId, Kind.APPLICATION, List.of(roles), null, DEFAULT_APP_ID, DEFAULT_LIFETIME);
  }

  /** This token valid for {@code lifetime} from when it is minted. */
  public Token withLifetime(Duration lifetime) {
    return new Token(tenantId, kind, permissions, user, appId, lifetime);
  }

  /** This delegated token for another signed-in user. */
  public Token withUser(String upn) {
    return new Token(tenantId, kind, permissions, upn, appId, lifetime);
  }

  /** This token for another client application. */
  public Token withAppId(String appId) {
    return new Token(tenantId, kind, permissions, user, appId, lifetime);
  }
}
