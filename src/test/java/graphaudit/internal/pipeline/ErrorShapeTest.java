package graphaudit.internal.pipeline;

import static graphaudit.GraphErrorAssert.assertGraphError;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.Http;
import graphaudit.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every error path — ours, Olingo's, Jetty's — answers in Graph's shape with a real code. */
class ErrorShapeTest {

  @RegisterExtension
  static final TestServer server = new TestServer();

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "GET,    /nothing-here,                                       404, ResourceNotFound",
      "GET,    /v2.0/deviceManagement/auditEvents,                  404, ResourceNotFound",
      "GET,    /beta/unknownSegment,                                404, ResourceNotFound",
      "GET,    /beta/deviceManagement/auditEvents/x/y/z,            404, ResourceNotFound",
      "GET,    /beta/deviceManagement/auditEvents?$expand=actor,    400, BadRequest",
      "GET,    /beta/deviceManagement/auditEvents?$top=-1,          400, BadRequest",
      "GET,    /beta/deviceManagement/auditEvents?$top=abc,         400, BadRequest",
      "GET,    /beta/deviceManagement/auditEvents?$count=maybe,     400, BadRequest",
      "GET,    /beta/deviceManagement/auditEvents?$select=nope,     400, BadRequest",
      "GET,    /beta/deviceManagement/auditEvents?$format=atom,     406, NotAcceptable",
      "GET,    /beta/deviceManagement/auditEvents?$format=xml,      406, NotAcceptable",
      "PUT,    /beta/deviceManagement/auditEvents,                  405, MethodNotAllowed",
      "DELETE, /beta/deviceManagement/auditEvents,                  405, MethodNotAllowed",
      "PATCH,  /beta/deviceManagement/auditEvents,                  405, MethodNotAllowed",
      "DELETE, /beta/deviceManagement,                              405, MethodNotAllowed",
      "OPTIONS, /beta/deviceManagement/auditEvents,                 405, MethodNotAllowed",
      "TRACE,  /beta/deviceManagement/auditEvents,                  405, MethodNotAllowed",
      "POST,   /beta/$metadata,                                     405, MethodNotAllowed"})
  void errorIsGraphShaped(String method, String path, int status, String code) {
    assertGraphError(server.http().send(method, path, method.equals("POST") ? "{}" : null,
        "Content-Type", "application/json"), status, code);
  }

  @Test
  void oversizedUriIsGraphShaped() {
    assertGraphError(server.http().get("/beta/" + "a".repeat(20_000)), 414, "RequestUriTooLong");
  }

  @Test
  void oversizedHeadersAreGraphShaped() {
    assertGraphError(server.http().get("/beta/deviceManagement/auditEvents", "X-Big", "a".repeat(20_000)), 431,
        "RequestHeaderFieldsTooLarge");
  }

  @ParameterizedTest
  @ValueSource(strings = {"GARBAGE\r\n\r\n", "GET /beta/de%ZZviceManagement HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      "GET /beta/deviceManagement HTTP/9.9\r\n\r\n"})
  void malformedRequestsAreGraphShaped(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(server.origin().replaceAll(".*:", "")))) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(response.startsWith("HTTP/1.1 4"), response);
      assertTrue(response.contains("Content-Type: application/json"), response);
      assertTrue(response.contains("{\"error\":{\"code\":\""), response);
      assertTrue(!response.contains("\"code\":null"), response);
    }
  }

  @Test
  void noErrorIsEverHtml() {
    // "/" is the viewer's page (HTML by design), not an error
    for (String path : new String[] {"/viewer/nothing.js", "/favicon.ico", "/beta", "/beta/$batch", "/beta/deviceManagement/$value"}) {
      Http.Response response = server.http().get(path);
      assertTrue(!response.body().contains("<html") && !response.body().contains("<HTML"), path + " → " + response.body());
    }
  }
}
