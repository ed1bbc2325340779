package graphaudit.internal.odata;

import com.fasterxml.jackson.databind.JsonNode;
import graphaudit.internal.audit.ApiVersion;
import graphaudit.AuditEvent;
import graphaudit.internal.audit.AuditEventRules;
import graphaudit.internal.audit.InvalidInputException;
import graphaudit.internal.store.sql.Sql;
import graphaudit.internal.store.sql.SqlDialect;
import graphaudit.internal.query.QueryPlan;
import graphaudit.internal.compat.GraphQuery;
import graphaudit.internal.request.QueryString;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.olingo.server.core.uri.parser.Parser;

/**
 * The wire rules import and export share with requests: an imported event is read and checked as a
 * create body of the beta root (the superset) is, an exported one is written as that root's GET
 * answers it, and an export's {@code $filter} becomes SQL exactly as a request's does. Thread-safe.
 */
public final class EventTransfer {

  private static final String COLLECTION = "deviceManagement/auditEvents";

  private final ServiceRoot.Model model;
  private final AuditEventJsonWriter writer;
  private final AuditEventJsonReader reader = new AuditEventJsonReader(ApiVersion.BETA);

  public EventTransfer(ApiVersion version) {
    this.model = new ServiceRoot.Model(version);
    this.writer = new AuditEventJsonWriter(version);
  }

  /** An event of an imported file: checked like a create body, and it must carry its id. */
  public AuditEvent read(JsonNode node) {
    if (node != null && node.isObject() && !node.hasNonNull("id")) {
      throw new InvalidInputException("Property 'id' is missing: an imported event keeps its id.");
    }
    return AuditEventRules.forCreate(reader.read(node));
  }

  /** The event's object as the root's GET answers it (annotated, every property). */
  public byte[] write(AuditEvent event) {
    return writer.object(event, AuditEventJsonWriter.Shape.FULL);
  }

  /** The SQL condition of an OData {@code $filter}; a bad filter fails with {@link InvalidInputException}. */
  public Sql where(String filter, SqlDialect dialect) {
    String query = "$filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
    try {
      return QueryPlan.of(new Parser(model.metadata().getEdm(), model.odata()).parseUri(COLLECTION,
          GraphQuery.normalize(QueryString.parse(query)).raw(), null, "http://localhost/" + model.version().segment()),
          dialect).where();
    } catch (Exception e) { // Olingo's parser throws checked and unchecked failures alike
      String explained = FilterDiagnosis.explain(filter, e.getMessage());
      throw new InvalidInputException(explained != null ? explained : "The filter is not valid: " + e.getMessage());
    }
  }
}
