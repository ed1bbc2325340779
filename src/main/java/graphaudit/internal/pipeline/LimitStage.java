package graphaudit.internal.pipeline;

import graphaudit.internal.request.QueryString;
import graphaudit.internal.request.RequestHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The gate's checks of a single request's form: request line plus headers (414 for the URI alone, else
 * 431 — Jetty enforces the same on the wire, this enforces it on batch items), each header field a
 * route reads within its own bound (431 naming it), a query string whose escapes decode (400), and the
 * body (413). The
 * whole body is read here, before anything is answered: a server that answers first and leaves a
 * body unread must close the connection, and a client still sending then sees a reset instead of the
 * answer (an SDK must see its 401 to renew a token).
 */
final class LimitStage implements Stage {

  private static final byte[] NO_BODY = new byte[0];

  private final int maxHeadBytes;
  private final long maxBodyBytes;

  LimitStage(int maxHeadBytes, long maxBodyBytes) {
    this.maxHeadBytes = maxHeadBytes;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public GraphReply handle(Exchange exchange, Next next) throws Exception {
    GraphRequest request = exchange.request();
    long uriBytes = request.method().length() + request.path().length()
        + (request.query() == null ? 0 : request.query().length() + 1) + 12;
    if (uriBytes > maxHeadBytes) {
      throw new GraphException(414, null);
    }
    if (uriBytes + headerBytes(request.headers()) > maxHeadBytes) {
      throw new GraphException(431, null);
    }
    String oversized = exchange.headers().oversized();
    if (oversized != null) {
      throw new GraphException(431, "The header '" + oversized + "' is longer than "
          + RequestHeaders.BOUNDS.get(oversized) + " characters.");
    }
    QueryString.Parameter malformed = exchange.query().malformed();
    if (malformed != null) {
      String shown = malformed.raw().length() > 64 ? malformed.raw().substring(0, 64) + "…" : malformed.raw();
      throw new GraphException(400, "The query parameter '" + shown + "' has a malformed percent-encoding;"
          + " encode '%' as %25.");
    }
    if (request.body().declaredLength() > maxBodyBytes) {
      // never read: Jetty closes the connection after the answer
      throw tooLarge();
    }
    exchange.body(read(request.body()));
    return next.proceed();
  }

  /** The body; none (most requests: a GET has none) costs no buffer. */
  private byte[] read(RequestBody body) {
    if (body.declaredLength() == 0) {
      return NO_BODY;
    }
    try (InputStream in = new LimitedInputStream(body.open(), maxBodyBytes)) {
      int first = in.read();
      if (first < 0) {
        return NO_BODY;
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(
          (int) Math.min(Math.max(body.declaredLength(), 1024), 64 * 1024));
      out.write(first);
      in.transferTo(out);
      return out.toByteArray();
    } catch (BodyTooLargeException e) {
      throw tooLarge();
    } catch (IOException e) {
      // cut off or stalled past the idle timeout: the client's doing, and the connection may be gone
      throw new GraphException(400, "The request body could not be read: it ended early or stalled.");
    }
  }

  private GraphException tooLarge() {
    return new GraphException(413, "The request body is larger than " + maxBodyBytes + " bytes.");
  }

  private static long headerBytes(Headers headers) {
    long bytes = 0;
    for (Map.Entry<String, List<String>> field : headers.all().entrySet()) {
      for (String value : field.getValue()) {
        bytes += field.getKey().length() + value.length() + 4;
      }
    }
    return bytes;
  }
}
