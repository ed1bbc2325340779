package graphaudit.internal.viewer;

import graphaudit.internal.auth.AccessControl;
import graphaudit.internal.auth.DevTokenIssuer;
import graphaudit.internal.odata.ServiceRoot;
import graphaudit.internal.pipeline.LocalRoute;
import graphaudit.internal.store.AuditEventStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** The audit viewer's routes: the page and its files, the dev sign-in, the chart's counts. */
public final class Viewer {

  private Viewer() {
  }

  /**
   * @param beta      the root whose query language the chart's filter is read in
   * @param issuer    the service's dev token issuer in dev mode, else null
   * @param host      the interface every listener is bound to
   */
  public static List<LocalRoute> routes(ServiceRoot beta, AuditEventStore store, AccessControl access,
      DevTokenIssuer issuer, String host) {
    return List.of(new ViewerPage(), new DevTokenRoute(issuer, isLoopback(host)),
        new HistogramRoute(beta, store, access));
  }

  /** Whether {@code host} names a loopback interface ({@code 127.0.0.1}, {@code ::1}, {@code localhost}). */
  static boolean isLoopback(String host) {
    if (host == null || host.isBlank()) {
      return false; // every interface
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
