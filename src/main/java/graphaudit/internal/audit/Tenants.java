package graphaudit.internal.audit;

/** Well-known tenant ids. */
public final class Tenants {

  /** The default tenant of dev tokens ({@code graph-audit token}). */
  public static final String DEV = graphaudit.GraphAuditConfig.DEV_TENANT;

  private Tenants() {
  }
}
