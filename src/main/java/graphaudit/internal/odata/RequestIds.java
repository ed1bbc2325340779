package graphaudit.internal.odata;

import java.util.UUID;

/** The two ids Graph puts on every response: a new {@code request-id} and the client's own (or the same). */
public record RequestIds(String requestId, String clientRequestId) {

  public static final String REQUEST_ID = "request-id";
  public static final String CLIENT_REQUEST_ID = "client-request-id";

  /** A fresh request id; the client's id echoed when it sent one. */
  public static RequestIds forRequest(String clientRequestId) {
    String requestId = UUID.randomUUID().toString();
    boolean sent = clientRequestId != null && !clientRequestId.isBlank();
    return new RequestIds(requestId, sent ? clientRequestId : requestId);
  }
}
