package graphaudit.internal.http;

import graphaudit.internal.accesslog.JsonRequestLog;
import graphaudit.internal.pipeline.GraphReply;
import graphaudit.internal.pipeline.Handled;
import graphaudit.internal.pipeline.GraphRequest;
import graphaudit.internal.pipeline.Headers;
import graphaudit.internal.pipeline.Pipeline;
import graphaudit.internal.pipeline.RequestBody;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP adapter: a servlet request becomes a {@link GraphRequest}, the {@link Pipeline}'s
 * {@link GraphReply} becomes the servlet response, at once or, when the latency emulation holds it
 * back, after its delay: the request is suspended (no thread waits) and a timer hands the writing back
 * to Jetty's pool. Nothing else happens here. Thread-safe. Made before the pipeline exists (Jetty starts
 * while the store opens); it is given the pipeline before any listener opens.
 */
final class GraphServlet extends HttpServlet {

  private static final Logger LOG = LoggerFactory.getLogger(GraphServlet.class);

  private final ScheduledExecutorService timer;
  private volatile Pipeline pipeline;

  /** @param timer where a delayed reply waits (one thread for all of them) */
  GraphServlet(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** Hands every request from now on to {@code pipeline}. */
  void serve(Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Handled handled = pipeline.handle(toGraph(request));
    if (handled.tenantId() != null) {
      request.setAttribute(JsonRequestLog.TENANT_ATTRIBUTE, handled.tenantId());
    }
    if (handled.delayNanos() <= 0) {
      write(response, handled.reply());
      return;
    }
    AsyncContext async = request.startAsync();
    async.setTimeout(0); // the delay decides; the connection's idle timeout still bounds it
    timer.schedule(() -> async.start(() -> {
      try {
        write(response, handled.reply());
      } catch (IOException | RuntimeException e) {
        LOG.debug("a delayed reply could not be sent (the client left?)", e);
      } finally {
        async.complete();
      }
    }), handled.delayNanos(), TimeUnit.NANOSECONDS);
  }

  private static GraphRequest toGraph(HttpServletRequest request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(request.getHeaderNames())) {
      headers.put(name, Collections.list(request.getHeaders(name)));
    }
    RequestBody body = new RequestBody() {
      @Override
      public long declaredLength() {
        return request.getContentLengthLong();
      }

      @Override
      public InputStream open() throws IOException {
        return request.getInputStream();
      }
    };
    return new GraphRequest(request.getMethod(), origin(request), request.getRequestURI(), request.getQueryString(),
        Headers.of(headers), body);
  }

  /** {@code http://host:port}: absolute, as Graph's context URLs and nextLinks are. */
  private static String origin(HttpServletRequest request) {
    String host = request.getServerName();
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]"; // IPv6 literal
    }
    return request.getScheme() + "://" + host + ":" + request.getServerPort();
  }

  private static void write(HttpServletResponse response, GraphReply reply) throws IOException {
    response.setStatus(reply.status());
    for (Map.Entry<String, List<String>> header : reply.headers().all().entrySet()) {
      for (String value : header.getValue()) {
        response.addHeader(header.getKey(), value);
      }
    }
    if (reply.body().length > 0) {
      // one write with a Content-Length: a page is ~100 KB, and streaming it in 8 KB pieces through
      // Jetty (chunked) cost a tenth of a list request
      response.setContentLength(reply.body().length);
      try (OutputStream out = response.getOutputStream()) {
        out.write(reply.body());
      }
    }
  }
}
