package graphaudit.internal.odata;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The two ids Graph puts on every response: a new {@code request-id} and the client's own (or the same). */
public record RequestIds(String requestId, String clientRequestId) {

  public static final String REQUEST_ID = "request-id";
  public static final String CLIENT_REQUEST_ID = "client-request-id";

  /**
   * A fresh request id (a version 4 GUID from a thread's own random source: it names a request in
   * logs, it guards nothing, so it needs no shared SecureRandom); the client's id echoed when it sent one.
   */
  public static RequestIds forRequest(String clientRequestId) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String requestId = new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
        (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L).toString();
    boolean sent = clientRequestId != null && !clientRequestId.isBlank();
    return new RequestIds(requestId, sent ? clientRequestId : requestId);
  }
}
