package graphaudit.internal.accesslog;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.RequestLogWriter;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.component.ContainerLifeCycle;

/**
 * Jetty's request log as JSON lines, one per request:
 * {@code {"time","requestId","method","path","query","status","durationMs","bytes","tenant","remote"}}.
 * Headers are never logged (so neither is a bearer token), and the query's secret-bearing values are
 * redacted ({@link QueryRedaction}). {@code tenant} is the one the service answered for, as the
 * servlet noted it in {@link #TENANT_ATTRIBUTE} (absent when no token was accepted). Thread-safe.
 */
public final class JsonRequestLog extends ContainerLifeCycle implements RequestLog {

  /** The request attribute the servlet puts the answered tenant's id in. */
  public static final String TENANT_ATTRIBUTE = "graphaudit.tenant";
  private static final JsonFactory JSON = new JsonFactory();

  private final RequestLog.Writer writer;

  private JsonRequestLog(RequestLog.Writer writer) {
    this.writer = writer;
    addBean(writer);
  }

  /** A log to standard output ({@code stdout}) or appended to the file {@code target} names. */
  public static JsonRequestLog to(String target) {
    if (target.equals("stdout")) {
      return new JsonRequestLog(new StdoutWriter(System.out));
    }
    RequestLogWriter file = new RequestLogWriter(target);
    file.setAppend(true);
    return new JsonRequestLog(file);
  }

  @Override
  public void log(Request request, Response response) {
    try {
      writer.write(line(request, response));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the access log", e);
    }
  }

  private static String line(Request request, Response response) throws IOException {
    StringWriter text = new StringWriter(256);
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("time", Instant.now().toString());
      json.writeStringField("requestId", response.getHeaders().get("request-id"));
      json.writeStringField("method", request.getMethod());
      json.writeStringField("path", request.getHttpURI().getPath());
      String query = QueryRedaction.redact(request.getHttpURI().getQuery());
      if (query != null) {
        json.writeStringField("query", query);
      }
      json.writeNumberField("status", response.getStatus());
      long micros = (System.nanoTime() - request.getBeginNanoTime()) / 1_000;
      json.writeNumberField("durationMs", micros / 1000.0);
      json.writeNumberField("bytes", Response.getContentBytesWritten(response));
      if (request.getAttribute(TENANT_ATTRIBUTE) instanceof String tenant) {
        json.writeStringField("tenant", tenant);
      }
      json.writeStringField("remote", Request.getRemoteAddr(request));
      json.writeEndObject();
    }
    return text.toString();
  }

  /** Lines to a stream, whole and in order. */
  private record StdoutWriter(PrintStream out) implements RequestLog.Writer {
    @Override
    public void write(String line) {
      synchronized (out) {
        out.println(line);
        out.flush();
      }
    }
  }
}
