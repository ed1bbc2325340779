package graphaudit.internal.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one parser of query strings: split once, each parameter as sent and decoded. */
class QueryStringTest {

  @Test
  void splitsAndDecodesOnce() {
    QueryString query = QueryString.parse("$filter=category%20eq%20'A+B'&&$top=5&flag&%24select=id&x=%E2%9C%93");
    assertEquals(List.of("$filter", "$top", "flag", "$select", "x"),
        query.parameters().stream().map(QueryString.Parameter::name).toList());
    assertEquals("category eq 'A B'", query.value("$filter"), "'+' is a space, as form encoding has it");
    assertEquals("$filter=category%20eq%20'A+B'", query.parameters().get(0).raw(), "as sent");
    assertNull(query.value("flag"));
    assertEquals("id", query.value("$select"));
    assertEquals("\u2713", query.value("x"));
    assertNull(query.malformed());
  }

  @Test
  void aMalformedEscapeIsFoundNotThrown() {
    QueryString query = QueryString.parse("a=1&b=%zz&c=%4");
    assertEquals("b=%zz", query.malformed().raw());
    assertEquals("1", query.value("a"));
  }

  @Test
  void partsAreDroppedAsSent() {
    QueryString query = QueryString.parse("$top=2&$skiptoken=abc&$count=true");
    assertEquals("$top=2&$count=true", query.without(p -> p.rawName().equals("$skiptoken")).raw());
    assertNull(query.without(p -> true).raw());
  }
}
