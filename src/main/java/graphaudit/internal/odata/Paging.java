package graphaudit.internal.odata;

import graphaudit.AuditEvent;
import graphaudit.internal.query.QueryPlan;
import graphaudit.internal.store.SortKey;
import graphaudit.internal.store.SortValues;
import java.util.ArrayList;
import java.util.List;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;
import graphaudit.internal.request.Preferences;
import graphaudit.internal.request.QueryString;
import org.apache.olingo.server.api.uri.UriInfo;

/**
 * Server-driven paging of one request: where the page starts ({@code $skiptoken}, else {@code $skip}),
 * how many rows it holds (page size, {@code Prefer: odata.maxpagesize}, what remains of {@code $top}),
 * and the nextLink that continues it with every original option.
 */
record Paging(List<Object> after, long skip, long returnedBefore, int pageSize, Integer top,
    String preferenceApplied) {

  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 999;
  private static final String SKIPTOKEN = "$skiptoken";

  static Paging of(UriInfo uriInfo, Preferences preferences, QueryPlan plan, SkipTokens tokens, String binding)
      throws ODataApplicationException {
    List<Object> after = null;
    long returnedBefore = 0;
    if (uriInfo.getSkipTokenOption() != null) {
      try {
        SkipTokens.Position position = tokens.read(uriInfo.getSkipTokenOption().getValue(), binding);
        after = typed(plan.order(), position.lastValues());
        returnedBefore = position.returned();
      } catch (IllegalArgumentException e) {
        throw new ODataApplicationException("The $skiptoken is not valid for this request; "
            + "follow @odata.nextLink as returned.", HttpStatusCode.BAD_REQUEST.getStatusCode(), null);
      }
    }
    int pageSize = DEFAULT_PAGE_SIZE;
    String applied = null;
    Integer preferred = preferences.maxPageSize();
    if (preferred != null && preferred > 0) {
      pageSize = Math.min(preferred, MAX_PAGE_SIZE);
      applied = "odata.maxpagesize=" + pageSize;
    }
    Integer top = uriInfo.getTopOption() == null ? null : uriInfo.getTopOption().getValue();
    if (top != null) {
      pageSize = (int) Math.max(0, Math.min(pageSize, top - returnedBefore));
    }
    long skip = after == null && uriInfo.getSkipOption() != null ? uriInfo.getSkipOption().getValue() : 0;
    return new Paging(after, skip, returnedBefore, pageSize, top, applied);
  }

  private static List<Object> typed(List<SortKey> order, List<String> texts) {
    if (texts.size() != order.size()) {
      throw new IllegalArgumentException("skip token of another order");
    }
    List<Object> values = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      values.add(texts.get(i) == null ? null : SortValues.parse(order.get(i).column(), texts.get(i)));
    }
    return values;
  }

  /** Rows to read: one more than the page, to know whether a next page exists. */
  int fetchSize() {
    return pageSize + 1;
  }

  /** The nextLink after a page ending with {@code last}, or null when {@code $top} is reached. */
  String nextLink(ODataRequest request, QueryString query, AuditEvent last, List<SortKey> order, SkipTokens tokens,
      String binding) {
    long returned = returnedBefore + pageSize;
    if (top != null && returned >= top) {
      return null;
    }
    List<String> values = new ArrayList<>(order.size());
    for (SortKey key : order) {
      Object value = SortValues.of(key.column(), last);
      values.add(value == null ? null : value.toString());
    }
    String kept = query.without(p -> p.rawName().equals(SKIPTOKEN)).raw();
    String token = tokens.issue(new SkipTokens.Position(values, returned), binding);
    return request.getRawBaseUri() + request.getRawODataPath() + "?" + (kept == null ? "" : kept + "&") + SKIPTOKEN
        + "=" + token;
  }
}
