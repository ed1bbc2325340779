package graphaudit.internal.pipeline;

import graphaudit.internal.auth.Caller;
import graphaudit.internal.odata.RequestIds;
import graphaudit.internal.odata.ServiceRoot;
import org.apache.olingo.server.api.ODataRequest;

/**
 * One request on its way through the {@link Pipeline}, and what the stages so far learned about it:
 * ids, body, service root, caller, the request Olingo will parse. Confined to one thread.
 */
final class Exchange {

  private GraphRequest request;
  private RequestIds ids;
  private byte[] body;
  private ServiceRoot root;
  private String pathInRoot;
  private Caller caller;
  private ODataRequest odataRequest;

  Exchange(GraphRequest request) {
    this.request = request;
  }

  GraphRequest request() {
    return request;
  }

  /** Replaces the request (HEAD runs as GET). */
  void request(GraphRequest request) {
    this.request = request;
  }

  String method() {
    return request.method();
  }

  RequestIds ids() {
    return ids;
  }

  void ids(RequestIds ids) {
    this.ids = ids;
  }

  /** The whole body, read by {@link LimitStage}. */
  byte[] body() {
    return body;
  }

  void body(byte[] body) {
    this.body = body;
  }

  ServiceRoot root() {
    return root;
  }

  /** The raw path after the root's segment, e.g. {@code /deviceManagement/auditEvents} (maybe empty). */
  String pathInRoot() {
    return pathInRoot;
  }

  void root(ServiceRoot root, String pathInRoot) {
    this.root = root;
    this.pathInRoot = pathInRoot;
  }

  Caller caller() {
    return caller;
  }

  void caller(Caller caller) {
    this.caller = caller;
  }

  ODataRequest odataRequest() {
    return odataRequest;
  }

  void odataRequest(ODataRequest odataRequest) {
    this.odataRequest = odataRequest;
  }
}
