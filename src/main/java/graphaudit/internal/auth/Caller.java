package graphaudit.internal.auth;

import java.util.Set;

/**
 * Who a validated bearer token says is calling: the tenant every read and write is scoped to, the
 * application, and the Graph permissions it holds ({@code scp} of a delegated token or {@code roles}
 * of an application token). Immutable.
 */
public record Caller(String tenantId, String appId, Kind kind, Set<String> permissions) {

  /** A user signed in to an app (delegated, {@code scp}) or an app on its own (application, {@code roles}). */
  public enum Kind {
    DELEGATED("scp"), APPLICATION("roles");

    private final String claim;

    Kind(String claim) {
      this.claim = claim;
    }

    /** The claim that carries this kind's permissions. */
    public String claim() {
      return claim;
    }
  }

  public Caller {
    permissions = Set.copyOf(permissions);
  }
}
