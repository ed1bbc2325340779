package graphaudit.internal.paging;

import graphaudit.AuditEvent;
import graphaudit.internal.request.Preferences;
import graphaudit.internal.request.QueryString;
import graphaudit.internal.store.sql.EventColumns;
import graphaudit.internal.store.sql.Sql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.queryoption.SystemQueryOption;

/**
 * Server-driven paging of one collection request: where the page starts ({@code $skiptoken}, else
 * {@code $skip}), how many rows it holds (page size, {@code Prefer: odata.maxpagesize}, what remains of
 * {@code $top}), and the nextLink that continues it with every original option, its skip token bound to
 * the tenant and to the options that select and order the rows. Immutable.
 */
public final class Paging {

  private static final int DEFAULT_PAGE_SIZE = 100;
  private static final int MAX_PAGE_SIZE = 999;
  private static final String SKIPTOKEN = "$skiptoken";

  private final String tenantId;
  private final List<SortKey> order;
  private final SkipTokens tokens;
  private final String binding;
  private final List<Object> after;
  private final long skip;
  private final long returnedBefore;
  private final int pageSize;
  private final Integer top;
  private final String preferenceApplied;

  private Paging(String tenantId, List<SortKey> order, SkipTokens tokens, String binding, List<Object> after,
      long skip, long returnedBefore, int pageSize, Integer top, String preferenceApplied) {
    this.tenantId = tenantId;
    this.order = order;
    this.tokens = tokens;
    this.binding = binding;
    this.after = after;
    this.skip = skip;
    this.returnedBefore = returnedBefore;
    this.pageSize = pageSize;
    this.top = top;
    this.preferenceApplied = preferenceApplied;
  }

  /** @param order the request's sort keys, as its query plan made them */
  public static Paging of(UriInfo uriInfo, String tenantId, Preferences preferences, List<SortKey> order,
      SkipTokens tokens) throws ODataApplicationException {
    String binding = tenantId + "|" + fingerprint(uriInfo);
    List<Object> after = null;
    long returnedBefore = 0;
    if (uriInfo.getSkipTokenOption() != null) {
      try {
        SkipTokens.Position position = tokens.read(uriInfo.getSkipTokenOption().getValue(), binding);
        after = typed(order, position.lastValues());
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
    return new Paging(tenantId, order, tokens, binding, after, skip, returnedBefore, pageSize, top, applied);
  }

  /**
   * What the store reads for this page of the rows matching {@code where}: one row more than the page,
   * to know whether a next page exists.
   *
   * @param fixed the columns {@code where} holds to one value
   */
  public PageRequest request(Sql where, List<EventColumns.Column> fixed) {
    return new PageRequest(tenantId, where, order, fixed, after, skip, pageSize + 1);
  }

  /** The rows the page returns. */
  public int pageSize() {
    return pageSize;
  }

  /** The {@code Preference-Applied} value of the page size the client asked for, or null. */
  public String preferenceApplied() {
    return preferenceApplied;
  }

  /** The nextLink after a page ending with {@code last}, or null when {@code $top} is reached. */
  public String nextLink(ODataRequest request, QueryString query, AuditEvent last) {
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

  /** A digest of the options that select and order the rows: a skip token is valid only for the same. */
  private static String fingerprint(UriInfo uriInfo) {
    StringBuilder text = new StringBuilder();
    for (SystemQueryOption option : new SystemQueryOption[] {uriInfo.getFilterOption(), uriInfo.getSearchOption(),
        uriInfo.getOrderByOption()}) {
      text.append(option == null ? "" : option.getText()).append('\n');
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
