package graphaudit.internal.viewer;

import graphaudit.internal.auth.DevTokenIssuer;
import graphaudit.internal.odata.ServiceRoot;
import graphaudit.internal.pipeline.RouteHandler;
import graphaudit.internal.store.AuditEventStore;

/**
 * The audit viewer's handlers: the page and its files, the dev sign-in, the chart's counts. Their
 * paths, methods and access rules are entries of the service's route table. Immutable.
 */
public final class Viewer {

  private final ViewerPage page = new ViewerPage();
  private final DevTokenRoute devToken;
  private final HistogramRoute histogram;

  /**
   * @param beta   the root whose query language the chart's filter is read in
   * @param issuer the service's dev token issuer in dev mode, else null (its route is then refused)
   */
  public Viewer(ServiceRoot beta, AuditEventStore store, DevTokenIssuer issuer) {
    this.devToken = new DevTokenRoute(issuer);
    this.histogram = new HistogramRoute(beta, store);
  }

  /** {@code /} and {@code /viewer}: the page. */
  public RouteHandler page() {
    return page.index();
  }

  /** {@code /viewer/{file}}: its scripts and styles. */
  public RouteHandler file() {
    return page.file();
  }

  /** {@code /viewer/dev-token}: the sign-in (dev mode on a loopback listener). */
  public RouteHandler devToken() {
    return devToken;
  }

  /** {@code /viewer/histogram}: the chart's counts. */
  public RouteHandler histogram() {
    return histogram;
  }
}
