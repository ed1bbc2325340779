package graphaudit.internal.viewer;

import graphaudit.internal.pipeline.GraphException;
import graphaudit.internal.pipeline.GraphReply;
import graphaudit.internal.pipeline.GraphRequest;
import graphaudit.internal.pipeline.LocalRoute;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The viewer's page at {@code /} and its files under {@code /viewer/}: read from the jar once, at
 * start-up (ours from {@code graphaudit/viewer/}, uPlot from its WebJar). Immutable.
 */
final class ViewerPage implements LocalRoute {

  private static final String OURS = "graphaudit/viewer/";
  private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

  private record Asset(byte[] bytes, String contentType) {
  }

  private final Map<String, Asset> assets;

  ViewerPage() {
    Asset index = load(OURS + "index.html", "text/html;charset=utf-8");
    this.assets = Map.of(
        "/", index,
        "/viewer", index,
        "/viewer/", index,
        "/viewer/app.js", load(OURS + "app.js", "text/javascript;charset=utf-8"),
        "/viewer/app.css", load(OURS + "app.css", "text/css;charset=utf-8"),
        "/viewer/uPlot.iife.min.js", load(UPLOT + "uPlot.iife.min.js", "text/javascript;charset=utf-8"),
        "/viewer/uPlot.min.css", load(UPLOT + "uPlot.min.css", "text/css;charset=utf-8"));
  }

  private static Asset load(String resource, String contentType) {
    try (InputStream in = ViewerPage.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing from the jar: " + resource);
      }
      return new Asset(in.readAllBytes(), contentType);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean serves(String path) {
    return assets.containsKey(path);
  }

  @Override
  public GraphReply answer(GraphRequest request, byte[] body) {
    if (!request.method().equals("GET")) {
      throw new GraphException(405, "The HTTP method '" + request.method() + "' is not allowed here; use GET.",
          Map.of("Allow", "GET, HEAD"));
    }
    Asset asset = assets.get(request.path());
    return new GraphReply(200, PageHeaders.of(asset.contentType()), asset.bytes());
  }
}
