package graphaudit.internal.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphaudit.internal.pipeline.Exchange;
import graphaudit.internal.pipeline.GraphException;
import graphaudit.internal.pipeline.GraphReply;
import graphaudit.internal.request.MediaType;
import graphaudit.internal.request.QueryString;
import graphaudit.internal.store.AuditEventStore;
import graphaudit.internal.transfer.EventImport;
import graphaudit.internal.transfer.ImportFormat;
import graphaudit.internal.transfer.ImportProblem;
import graphaudit.internal.transfer.Progress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code POST /admin/import?format=graph|ndjson&tenant=GUID}: stores the events of the body as the
 * {@code import} command does a file ({@link EventImport}: batches of 1,000 stored whole or not at all,
 * idempotent by id, ids and {@code activityDateTime} text kept). The format is {@code format}, else the
 * Content-Type's: {@code application/x-ndjson} or {@code application/jsonl} NDJSON, {@code application/json}
 * or none Graph list responses (one or many, concatenated), any other a 415. The tenant defaults to the
 * caller's. With no bad record the answer is 200 with the counts and the problems (events stored before
 * with other content, kept); with one it is a 400 whose {@code details} name the problems and whose
 * {@code innerError.summary} counts what was stored, so a test suite's fixture mistake fails loudly.
 * Either lists the first {@link #MAX_PROBLEMS} problems. Thread-safe.
 */
final class AdminImport {

  static final int MAX_PROBLEMS = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AuditEventStore store;

  AdminImport(AuditEventStore store) {
    this.store = store;
  }

  /** Imports the body for the caller, already allowed to write. */
  GraphReply answer(Exchange exchange) throws IOException {
    Options options = Options.of(exchange);
    byte[] body = exchange.body();
    Problems problems = new Problems();
    Progress unseen = new Progress(new PrintWriter(Writer.nullWriter()), "imported", false);
    EventImport.Summary summary = new EventImport(store, problems, unseen)
        .run(new ByteArrayInputStream(body), options.format(), options.tenant());
    ObjectNode counts = JSON.createObjectNode().put("tenant", options.tenant()).put("created", summary.created())
        .put("unchanged", summary.unchanged()).put("differing", summary.differing()).put("bad", summary.bad())
        .put("refused", summary.refused());
    if (summary.bad() > 0) {
      throw refusal(summary.bad(), problems, counts);
    }
    counts.set("problems", problems.asJson());
    return GraphReply.json(200, JSON.writeValueAsBytes(counts));
  }

  private static GraphException refusal(long bad, Problems problems, ObjectNode counts) {
    String reason = problems.firstBad.reason();
    return new GraphException(400, bad + (bad == 1 ? " bad record" : " bad records") + ", the first at "
        + problems.firstBad.where() + ": " + reason + (reason.endsWith(".") ? "" : ".") + " Nothing of a batch of"
        + " 1,000 holding a bad record is stored; innerError.summary counts what was, details name up to "
        + MAX_PROBLEMS + " problems: fix the records and import again (what was stored is skipped).",
        problems.details(), Map.of("summary", counts));
  }

  /** What the query and Content-Type ask for. */
  private record Options(ImportFormat format, String tenant) {

    static Options of(Exchange exchange) {
      ImportFormat format = null;
      String tenant = exchange.caller().tenantId();
      for (QueryString.Parameter parameter : exchange.query().parameters()) {
        String value = parameter.value() == null ? "" : parameter.value();
        switch (parameter.name()) {
          case "format" -> format = named(value);
          case "tenant" -> tenant = DataAdmin.tenantId(value);
          case "" -> { }
          default -> throw new GraphException(400, "Unknown query option '" + parameter.name()
              + "': /admin/import takes format (graph or ndjson) and tenant (a GUID).");
        }
      }
      return new Options(format != null ? format : byContentType(exchange.headers().contentType()), tenant);
    }
  }

  private static ImportFormat named(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "graph" -> ImportFormat.GRAPH;
      case "ndjson" -> ImportFormat.NDJSON;
      default -> throw new GraphException(400,
          "'format' is graph (Graph list responses) or ndjson (one event a line).");
    };
  }

  private static ImportFormat byContentType(MediaType contentType) {
    return switch (contentType == null ? "" : contentType.essence()) {
      case "", "application/json" -> ImportFormat.GRAPH;
      case "application/x-ndjson", "application/jsonl" -> ImportFormat.NDJSON;
      default -> throw new GraphException(415, "The body's Content-Type '" + contentType.raw() + "' is not one of"
          + " application/json (Graph list responses), application/x-ndjson or application/jsonl (NDJSON);"
          + " or say format=graph or format=ndjson in the query.");
    };
  }

  /** The first {@link #MAX_PROBLEMS} problems, and the first bad record however late it comes. */
  private static final class Problems implements Consumer<ImportProblem> {
    private final List<ImportProblem> first = new ArrayList<>();
    private ImportProblem firstBad;

    @Override
    public void accept(ImportProblem problem) {
      if (first.size() < MAX_PROBLEMS) {
        first.add(problem);
      }
      if (firstBad == null && problem.kind() == ImportProblem.Kind.BAD) {
        firstBad = problem;
      }
    }

    JsonNode asJson() {
      var array = JSON.createArrayNode();
      first.forEach(p -> array.addObject().put("where", p.where()).put("reason", p.reason()));
      return array;
    }

    List<GraphException.Detail> details() {
      return first.stream().map(Problems::detail).toList();
    }

    private static GraphException.Detail detail(ImportProblem p) {
      return switch (p.kind()) {
        case BAD -> new GraphException.Detail("InvalidRecord", p.reason(), p.where());
        case DIFFERING -> new GraphException.Detail("StoredWithOtherContent", p.reason(), p.where());
        case REFUSED -> new GraphException.Detail("NotStored", "nothing of them stored: " + p.reason(), p.where());
      };
    }
  }
}
