package graphaudit.internal.pipeline;

/**
 * One request as the pipeline sees it, free of the servlet API: a request from Jetty, or an item of
 * a JSON batch. Immutable.
 *
 * @param method   the HTTP method, upper case
 * @param origin   {@code http://host:port}, for the absolute URLs Graph answers with
 * @param path     the raw (still percent-encoded) path, e.g. {@code /beta/deviceManagement/auditEvents}
 * @param query    the raw query string, or null
 * @param headers  the header fields
 * @param body     the body, not yet read
 */
public record GraphRequest(String method, String origin, String path, String query, Headers headers,
    RequestBody body) {
}
