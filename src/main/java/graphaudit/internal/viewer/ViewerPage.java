package graphaudit.internal.viewer;

import graphaudit.internal.pipeline.Exchange;
import graphaudit.internal.pipeline.GraphException;
import graphaudit.internal.pipeline.GraphReply;
import graphaudit.internal.pipeline.RouteHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The viewer's page at {@code /} and {@code /viewer}, and its files at {@code /viewer/{file}}: read
 * from the jar once, at start-up (ours from {@code graphaudit/viewer/}, uPlot from its WebJar, which
 * a library user's class path may lack: the page then draws no chart). Immutable.
 */
final class ViewerPage {

  private static final String OURS = "graphaudit/viewer/";
  private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

  private record Asset(byte[] bytes, String contentType) {
  }

  private final Asset index;
  private final Map<String, Asset> files = new HashMap<>();

  ViewerPage() {
    this.index = load(OURS + "index.html", "text/html;charset=utf-8", true);
    files.put("app.js", load(OURS + "app.js", "text/javascript;charset=utf-8", true));
    files.put("app.css", load(OURS + "app.css", "text/css;charset=utf-8", true));
    Asset chart = load(UPLOT + "uPlot.iife.min.js", "text/javascript;charset=utf-8", false);
    if (chart != null) {
      files.put("uplot.iife.min.js", chart);
      files.put("uplot.min.css", load(UPLOT + "uPlot.min.css", "text/css;charset=utf-8", true));
    }
  }

  private static Asset load(String resource, String contentType, boolean required) {
    try (InputStream in = ViewerPage.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        if (required) {
          throw new IllegalStateException("missing from the jar: " + resource);
        }
        return null;
      }
      return new Asset(in.readAllBytes(), contentType);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The page itself. */
  RouteHandler index() {
    return exchange -> reply(index);
  }

  /** One of its files, named by the route's {@code {file}}; a 404 for any other. */
  RouteHandler file() {
    return (Exchange exchange) -> {
      String name = exchange.variable("file");
      Asset asset = files.get(name.toLowerCase(Locale.ROOT));
      if (asset == null) {
        throw new GraphException(404, "The viewer has no file '" + name + "'.");
      }
      return reply(asset);
    };
  }

  private static GraphReply reply(Asset asset) {
    return new GraphReply(200, PageHeaders.of(asset.contentType()), asset.bytes());
  }
}
