package graphaudit.internal.odata;

import org.apache.olingo.server.api.ODataRequest;

/**
 * Olingo's request with the {@link Call} it is made for: the processors are built once per root and
 * read the tenant, ids and preferences of each request from here. Confined to one request.
 */
final class CallRequest extends ODataRequest {

  private final Call call;

  CallRequest(Call call) {
    this.call = call;
  }

  /** The call {@code request} (made by {@link ServiceRoot#request}) is made for. */
  static Call of(ODataRequest request) {
    return ((CallRequest) request).call;
  }
}
