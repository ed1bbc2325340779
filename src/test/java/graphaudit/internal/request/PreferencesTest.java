package graphaudit.internal.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code Prefer} as RFC 7240 and Olingo read it: names in any case, the first of a repeat, malformed values ignored. */
class PreferencesTest {

  @Test
  void readsThePreferencesThisServiceHonours() {
    assertEquals(new Preferences(25, Preferences.Return.MINIMAL),
        Preferences.parse(List.of("odata.maxpagesize=25, return=minimal")));
    assertEquals(new Preferences(7, null), Preferences.parse(List.of("respond-async; wait=10", "ODATA.MaxPageSize=7")));
    assertEquals(new Preferences(3, Preferences.Return.REPRESENTATION),
        Preferences.parse(List.of("odata.maxpagesize = \"3\" ; x=\"a;b,c\" , return=representation")));
  }

  @Test
  void theFirstOfARepeatedPreferenceCounts() {
    assertEquals(5, Preferences.parse(List.of("odata.maxpagesize=5,odata.maxpagesize=9")).maxPageSize());
    assertEquals(5, Preferences.parse(List.of("odata.maxpagesize=5", "odata.maxpagesize=9")).maxPageSize());
  }

  @Test
  void aMalformedValueIsIgnoredAsAWholeAndNothingOverflows() {
    assertEquals(Preferences.NONE, Preferences.parse(List.of("odata.maxpagesize=5, =x")));
    assertEquals(Preferences.NONE, Preferences.parse(List.of("return=\"unterminated")));
    assertEquals(9, Preferences.parse(List.of("a=\"", "odata.maxpagesize=9")).maxPageSize(), "other values still count");
    assertNull(Preferences.parse(List.of("odata.maxpagesize=-1")).maxPageSize());
    assertNull(Preferences.parse(List.of("odata.maxpagesize=99999999999")).maxPageSize());
    assertNull(Preferences.parse(List.of("return=MINIMAL")).returning(), "values are case-sensitive, as in Olingo");
    assertEquals(Preferences.NONE, Preferences.parse(List.of("a".repeat(100_000) + "=\"" + "\\\"".repeat(50_000))));
  }
}
