package graphaudit.internal.viewer;

import graphaudit.internal.pipeline.Headers;
import java.util.List;
import java.util.Map;

/**
 * The header fields of every viewer reply: a strict Content-Security-Policy (scripts and styles from
 * this origin's files only, nothing inline, requests to this origin only, no framing), no MIME
 * sniffing, no referrer. Stateless.
 */
final class PageHeaders {

  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private PageHeaders() {
  }

  static Headers of(String contentType) {
    return Headers.of(Map.of(
        "Content-Type", List.of(contentType),
        "Content-Security-Policy", List.of(CSP),
        "X-Content-Type-Options", List.of("nosniff"),
        "Referrer-Policy", List.of("no-referrer"),
        "X-Frame-Options", List.of("DENY"),
        "Cache-Control", List.of("no-store")));
  }
}
