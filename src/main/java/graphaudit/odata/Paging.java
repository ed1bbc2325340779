package graphaudit.odata;

import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.prefer.Preferences;
import org.apache.olingo.server.api.uri.UriInfo;

/**
 * Server-driven paging of one request: where the page starts (from {@code $skiptoken}), how many rows
 * it holds (page size, {@code Prefer: odata.maxpagesize}, what remains of {@code $top}), and the
 * nextLink that continues it.
 */
record Paging(String afterId, long returnedBefore, int pageSize, Integer top, String preferenceApplied) {

  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 999;
  private static final String SKIPTOKEN = "$skiptoken";

  static Paging of(UriInfo uriInfo, Preferences preferences) throws ODataApplicationException {
    SkipToken token = null;
    if (uriInfo.getSkipTokenOption() != null) {
      try {
        token = SkipToken.decode(uriInfo.getSkipTokenOption().getValue());
      } catch (IllegalArgumentException e) {
        throw new ODataApplicationException("The $skiptoken is not valid for this request.",
            HttpStatusCode.BAD_REQUEST.getStatusCode(), null);
      }
    }
    int pageSize = DEFAULT_PAGE_SIZE;
    String applied = null;
    Integer preferred = preferences.getMaxPageSize();
    if (preferred != null && preferred > 0) {
      pageSize = Math.min(preferred, MAX_PAGE_SIZE);
      applied = "odata.maxpagesize=" + pageSize;
    }
    Integer top = uriInfo.getTopOption() == null ? null : uriInfo.getTopOption().getValue();
    long returnedBefore = token == null ? 0 : token.returned();
    if (top != null) {
      pageSize = (int) Math.max(0, Math.min(pageSize, top - returnedBefore));
    }
    return new Paging(token == null ? null : token.afterId(), returnedBefore, pageSize, top, applied);
  }

  /** Rows to read: one more than the page, to know whether a next page exists. */
  int fetchSize() {
    return pageSize + 1;
  }

  /** Whether a next link is due after a page that ended at {@code lastId} with rows left over. */
  String nextLink(ODataRequest request, String lastId) {
    long returned = returnedBefore + pageSize;
    if (top != null && returned >= top) {
      return null;
    }
    String query = request.getRawQueryPath();
    StringBuilder kept = new StringBuilder();
    if (query != null) {
      for (String part : query.split("&")) {
        if (!part.isEmpty() && !part.startsWith(SKIPTOKEN + "=") && !part.equals(SKIPTOKEN)) {
          kept.append(part).append('&');
        }
      }
    }
    String token = new SkipToken(lastId, returned).encode();
    return request.getRawBaseUri() + request.getRawODataPath() + "?" + kept + SKIPTOKEN + "=" + token;
  }
}
