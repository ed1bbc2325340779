package graphaudit.internal.transfer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
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

  /**
   * One event a line, read as bytes and parsed as UTF-8, as a Graph response file is: a line of invalid
   * UTF-8 is a bad record, where decoding it to chars first replaced its bytes with U+FFFD and stored
   * the altered text. A line ends at '\n', a byte that never occurs inside a UTF-8 sequence.
   */
  private static void ndjson(InputStream in, Consumer<Record> each) throws IOException {
    byte[] buffer = new byte[1 << 16];
    int start = 0;
    int scanned = 0;
    int end = 0;
    int number = 0;
    while (true) {
      while (scanned < end && buffer[scanned] != '\n') {
        scanned++;
      }
      if (scanned < end) {
        line(buffer, start, scanned, ++number, each);
        start = ++scanned;
        continue;
      }
      if (start > 0) { // keep the partial line, at the front
        System.arraycopy(buffer, start, buffer, 0, end - start);
        end -= start;
        scanned -= start;
        start = 0;
      }
      if (end == buffer.length) {
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      }
      int read = in.read(buffer, end, buffer.length - end);
      if (read < 0) {
        if (end > 0) {
          line(buffer, 0, end, ++number, each);
        }
        return;
      }
      end += read;
    }
  }

  private static void line(byte[] buffer, int from, int to, int number, Consumer<Record> each) throws IOException {
    if (isBlank(buffer, from, to)) {
      return;
    }
    String where = "line " + number;
    try {
      each.accept(new Record(where, JSON.readTree(buffer, from, to - from), null));
    } catch (JsonProcessingException e) {
      each.accept(new Record(where, null, "not valid JSON: " + e.getOriginalMessage()));
    }
  }

  private static boolean isBlank(byte[] buffer, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = buffer[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\f' && b != 0x0B) {
        return false;
      }
    }
    return true;
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
        boolean eventLike = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          eventLike |= name.equals("activityDateTime") || name.equals("correlationId");
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
        if (!values && eventLike) {
          // an event on its own, as each line of NDJSON is: said once, not once a line
          each.accept(new Record("page " + page + " (line " + line + ")", null, "an event where a Graph list "
              + "response (a JSON object with a value array) was expected: this looks like NDJSON, one event a "
              + "line; import it with --format ndjson (over HTTP: ?format=ndjson or Content-Type: application/x-ndjson)"));
          return;
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
