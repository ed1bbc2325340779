package graphaudit.audit;

/** Well-known tenant ids. */
public final class Tenants {

  /** The default tenant of dev tokens ({@code graph-audit token}). */
  public static final String DEV = "8c3dad1d-b6bc-4f8b-939b-8263372eced6";

  private Tenants() {
  }
}
