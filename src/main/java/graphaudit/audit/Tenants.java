package graphaudit.audit;

/** Well-known tenant ids. */
public final class Tenants {

  /**
   * The tenant of every request until bearer tokens are validated (identity issue), and the default
   * tenant of the dev token issuer after that.
   */
  public static final String DEV = "8c3dad1d-b6bc-4f8b-939b-8263372eced6";

  private Tenants() {
  }
}
