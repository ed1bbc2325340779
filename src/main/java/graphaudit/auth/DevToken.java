package graphaudit.auth;

import java.time.Duration;
import java.util.List;

/**
 * What a dev token says: an Entra ID v1 access token for Graph, either delegated (permissions in
 * {@code scp}, a signed-in user) or application (permissions in {@code roles}, no user). Immutable.
 *
 * @param tenantId     the {@code tid}
 * @param kind         delegated or application
 * @param permissions  written space-separated in {@code scp} (delegated) or as the {@code roles} array
 * @param user         the signed-in user's UPN (delegated only)
 * @param appId        the client application's id ({@code appid})
 * @param lifetime     from now to {@code exp}
 */
public record DevToken(String tenantId, Caller.Kind kind, List<String> permissions, String user, String appId,
    Duration lifetime) {

  public static final String DEFAULT_USER = "dev@contoso.onmicrosoft.com";
  /** A made-up client application id for dev tokens. */
  public static final String DEFAULT_APP_ID = "5c1e8c5a-3c4e-4d5b-9f3e-6a0c2b7d9e41";
  public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

  public DevToken {
    permissions = List.copyOf(permissions);
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("the lifetime must be positive");
    }
  }

  /** A delegated token of {@code tenantId} for the default user and app, valid for an hour. */
  public static DevToken delegated(String tenantId, String... scopes) {
    return new DevToken(tenantId, Caller.Kind.DELEGATED, List.of(scopes), DEFAULT_USER, DEFAULT_APP_ID,
        DEFAULT_LIFETIME);
  }

  /** An application token of {@code tenantId} for the default app, valid for an hour. */
  public static DevToken application(String tenantId, String... roles) {
    return new DevToken(tenantId, Caller.Kind.APPLICATION, List.of(roles), null, DEFAULT_APP_ID, DEFAULT_LIFETIME);
  }
}
