package graphaudit.internal.odata;

import graphaudit.internal.store.AuditEventStore;
import java.util.List;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.processor.PrimitiveCollectionProcessor;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriParameter;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceFunction;
import org.apache.olingo.server.api.uri.queryoption.AliasQueryOption;
import org.apache.olingo.server.api.uri.queryoption.SystemQueryOption;

/**
 * Graph's two bound audit functions, per tenant and sorted: {@code getAuditCategories()} and
 * {@code getAuditActivityTypes(category='X')}, as {@code Collection(Edm.String)}, with {@code $top},
 * {@code $skip} and {@code $count} as Graph's SDKs offer them. One instance per request.
 */
final class AuditFunctionProcessor implements PrimitiveCollectionProcessor {

  private final AuditEventStore store;
  private final Call call;

  AuditFunctionProcessor(AuditEventStore store, Call call) {
    this.store = store;
    this.call = call;
  }

  @Override
  public void init(OData odata, ServiceMetadata serviceMetadata) {
    // nothing to keep
  }

  @Override
  public void readPrimitiveCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo,
      ContentType format) throws ODataApplicationException {
    GraphJson.requireJson(format);
    List<UriResource> parts = uriInfo.getUriResourceParts();
    if (!(parts.get(parts.size() - 1) instanceof UriResourceFunction function)) {
      throw new ODataApplicationException("Reading properties of an auditEvent by path is not supported; "
          + "read the event and use $select.", HttpStatusCode.BAD_REQUEST.getStatusCode(), null);
    }
    rejectUnsupportedOptions(uriInfo);
    long skip = uriInfo.getSkipOption() == null ? 0 : uriInfo.getSkipOption().getValue();
    int top = uriInfo.getTopOption() == null ? Integer.MAX_VALUE : uriInfo.getTopOption().getValue();
    boolean counted = uriInfo.getCountOption() != null && uriInfo.getCountOption().getValue();
    boolean categories = function.getFunction().getName().equals(AuditEdmProvider.GET_CATEGORIES);
    String category = categories ? null : category(function, uriInfo);
    List<String> values = categories ? store.categories(call.tenantId(), skip, top)
        : store.activityTypes(call.tenantId(), category, skip, top);
    Long count = !counted ? null : categories ? store.countCategories(call.tenantId())
        : store.countActivityTypes(call.tenantId(), category);
    boolean annotations = GraphJson.annotations(format);
    byte[] body = AuditEventJsonWriter.write(g -> {
      g.writeStartObject();
      if (annotations) {
        g.writeStringField("@odata.context", request.getRawBaseUri() + "/$metadata#Collection(Edm.String)");
      }
      if (count != null) {
        g.writeNumberField("@odata.count", count);
      }
      g.writeArrayFieldStart("value");
      for (String value : values) {
        g.writeString(value);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
    AuditEventProcessor.respond(response, HttpStatusCode.OK, body, format);
  }

  /** $top, $skip and $count apply to a function's values; the rest would be silently ignored, so 400. */
  private static void rejectUnsupportedOptions(UriInfo uriInfo) throws ODataApplicationException {
    for (SystemQueryOption option : uriInfo.getSystemQueryOptions()) {
      switch (option.getKind()) {
        case TOP, SKIP, COUNT, FORMAT -> { }
        default -> throw new ODataApplicationException("The query option '" + option.getName()
            + "' is not supported on this function's result; use $top, $skip or $count.",
            HttpStatusCode.BAD_REQUEST.getStatusCode(), null);
      }
    }
  }

  /** The category argument, given inline ({@code category='X'}) or as an alias ({@code category=@c&@c='X'}). */
  private static String category(UriResourceFunction function, UriInfo uriInfo) throws ODataApplicationException {
    for (UriParameter parameter : function.getParameters()) {
      if (parameter.getName().equals("category")) {
        String literal = parameter.getText();
        if (literal == null && parameter.getAlias() != null) {
          literal = uriInfo.getAliases().stream().filter(a -> a.getName().equals(parameter.getAlias()))
              .map(AliasQueryOption::getText).findFirst().orElse(null);
        }
        if (literal != null && literal.length() >= 2 && literal.startsWith("'") && literal.endsWith("'")) {
          return literal.substring(1, literal.length() - 1).replace("''", "'");
        }
        if (literal == null || literal.equals("null")) {
          return null;
        }
        throw new ODataApplicationException("Parameter 'category' must be a string literal such as 'Device'.",
            HttpStatusCode.BAD_REQUEST.getStatusCode(), null);
      }
    }
    throw new ODataApplicationException("Function getAuditActivityTypes needs the parameter 'category'.",
        HttpStatusCode.BAD_REQUEST.getStatusCode(), null);
  }

  @Override
  public void updatePrimitiveCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo,
      ContentType requestFormat, ContentType responseFormat) throws ODataApplicationException {
    throw notAllowed();
  }

  @Override
  public void deletePrimitiveCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo)
      throws ODataApplicationException {
    throw notAllowed();
  }

  /** Olingo's interface has writes of a function's result; the route table lets only GET reach a function. */
  private static IllegalStateException notAllowed() {
    return new IllegalStateException("the route table lets only GET reach a function");
  }
}
