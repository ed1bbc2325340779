package graphaudit.internal.transfer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The event objects of an import file, one at a time (constant memory at any size), each with where
 * it sits (line, or page and index) for reports. A record that is not JSON is handed on with its
 * error; in a Graph response file that ends the reading (nothing after it can be found). Not thread-safe.
 */
final class ImportRecords {

  /** One event object of the file, or what is wrong with it (then {@code node} is null). */
  record Record(String where, JsonNode node, String error) {
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private ImportRecords() {
  }

  static void read(InputStream in, ImportFormat format, Consumer<Record> each) throws IOException {
    if (format == ImportFormat.NDJSON) {
      ndjson(in, each);
    } else {
      graph(in, each);
    }
  }

  private static void ndjson(InputStream in, Consumer<Record> each) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    int number = 0;
    for (String line; (line = lines.readLine()) != null; ) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      String where = "line " + number;
      try {
        each.accept(new Record(where, JSON.readTree(line), null));
      } catch (JsonProcessingException e) {
        each.accept(new Record(where, null, "not valid JSON: " + e.getOriginalMessage()));
      }
    }
  }

  /** Top-level objects one after another; the elements of each one's {@code value} array are events. */
  private static void graph(InputStream in, Consumer<Record> each) throws IOException {
    int page = 0;
    int line = 1;
    try (JsonParser parser = JSON.getFactory().createParser(in)) {
      for (JsonToken token; (token = parser.nextToken()) != null; ) {
        page++;
        line = parser.currentTokenLocation().getLineNr();
        if (token != JsonToken.START_OBJECT) {
          each.accept(new Record("page " + page + " (line " + line + ")", null,
              "not a Graph list response (a JSON object with a value array)"));
          return;
        }
        boolean values = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          JsonToken value = parser.nextToken();
          if (name.equals("value") && value == JsonToken.START_ARRAY) {
            values = true;
            for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
              line = parser.currentTokenLocation().getLineNr();
              each.accept(new Record("page " + page + " value[" + i + "] (line " + line + ")",
                  parser.readValueAsTree(), null));
            }
          } else {
            parser.skipChildren();
          }
        }
        if (!values) {
          each.accept(new Record("page " + page + " (line " + line + ")", null, "no value array"));
        }
      }
    } catch (JsonProcessingException e) {
      each.accept(new Record("line " + (e.getLocation() == null ? line : e.getLocation().getLineNr()), null,
          "not valid JSON: " + e.getOriginalMessage() + " (nothing after it is read)"));
    }
  }
}
