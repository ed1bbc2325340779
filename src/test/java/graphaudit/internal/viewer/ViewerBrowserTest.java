package graphaudit.internal.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import graphaudit.AuditEvent;
import graphaudit.Http;
import graphaudit.TestServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer in a real headless Chromium (Debian's chromium and chromedriver, driven by Selenium):
 * signs in, filters generated events to a known subset and sees exactly those rows and their count,
 * pages forward and back, sees the chart's total equal the count, opens an event and sees old → new,
 * shows an event whose displayName is markup as text, and leaves a screenshot in {@code target/}.
 * Skipped, saying why, only where no chromium is installed ({@code .ci/run} installs it).
 */
@Tag("browser")
class ViewerBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String EVENTS = "/beta/deviceManagement/auditEvents";
  private static final String ACTOR = "viewer.test@contoso.com";
  private static final String MARKUP = "<script>alert(1)</script><img src=x onerror=\"window.__xss=1\">";
  private static final Instant FROM = Instant.parse("2016-02-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2016-04-01T00:00:00Z");

  @RegisterExtension
  static final TestServer server = TestServer.withGeneratedEvents(300, 12);

  private static WebDriver browser;
  private static final List<String> ownIds = new ArrayList<>();
  private static String bareId;

  @BeforeAll
  static void startBrowser() {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "no chromium installed (apt-get install chromium chromium-driver; .ci/run does)");
    for (int i = 0; i < 3; i++) {
      String body = "{\"activityDateTime\":\"2024-02-0" + (i + 1) + "T10:00:00Z\",\"correlationId\":\""
          + UUID.randomUUID() + "\",\"category\":\"ViewerTest\",\"activityType\":\"Patch Setting\","
          + "\"displayName\":" + Http.JSON.valueToTree(i == 0 ? MARKUP : "Setting change " + i) + ","
          + "\"actor\":{\"userPrincipalName\":\"" + ACTOR + "\",\"remoteTenantId\":\"beta-only\"},"
          + "\"resources\":[{\"displayName\":\"Policy " + i + "\",\"resourceId\":\"res-" + i + "\","
          + "\"modifiedProperties\":[{\"displayName\":\"Setting" + i + "\",\"oldValue\":\"old-" + i
          + "\",\"newValue\":\"new-" + i + "\"}]}]}";
      ownIds.add(server.http().post(EVENTS, body).json().get("id").asText());
    }
    bareId = server.http().post(EVENTS, "{\"activityDateTime\":\"2024-03-01T10:00:00Z\",\"correlationId\":\""
        + UUID.randomUUID() + "\",\"category\":\"ViewerBare\",\"displayName\":\"No actor, no resources\"}")
        .json().get("id").asText();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
        "--window-size=1400,1100");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void signFilterPageChartDetailAndMarkupAsText() throws Exception {
    browser.get(server.origin() + "/");
    signInByPasting();
    signOut();
    click("dev-sign-in"); // dev mode on 127.0.0.1: the button is offered
    await(() -> visible("main"));
    assertTrue(text("signed-in").contains(graphaudit.internal.audit.Tenants.DEV));

    // a known subset of the generated events: Feb and Mar 2016, oldest first
    Set<String> expected = server.generatedEvents().stream()
        .filter(e -> !e.activityDateTime().toInstant().isBefore(FROM) && e.activityDateTime().toInstant().isBefore(TO))
        .map(AuditEvent::id).collect(Collectors.toSet());
    assertTrue(expected.size() > 25 && expected.size() <= 50, "two pages: " + expected.size());
    type("f-from", "2016-02-01T00:00:00Z");
    type("f-to", "2016-04-01");
    new Select(browser.findElement(By.id("f-order"))).selectByValue("asc");
    click("apply");
    await(() -> text("count").equals(expected.size() + " events") && rowIds().size() == 25);
    // the chart spans the filter's range, not the stored events' (which reach 2024 here)
    await(() -> text("chart-range").equals("2016-02-01T00:00:00Z to 2016-04-01"));
    assertTrue(text("query").contains("$filter=activityDateTime%20ge%202016-02-01T00%3A00%3A00Z%20and%20activityDateTime%20lt%202016-04-01"));
    String curl = text("curl");
    assertTrue(curl.startsWith("curl -H \"Authorization: Bearer $TOKEN\"") && !curl.contains("eyJ"), curl);
    List<String> firstPage = rowIds();
    List<String> times = column(0);
    assertEquals(times.stream().sorted().toList(), times, "oldest first");
    await(() -> text("chart-total").equals(expected.size() + " events"));
    assertTrue(browser.findElements(By.cssSelector("#chart canvas")).size() > 0, "uPlot drew the chart");
    Path screenshot = Path.of("target", "viewer-screenshot.png");
    Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), screenshot,
        StandardCopyOption.REPLACE_EXISTING);

    click("next");
    await(() -> text("page").equals("page 2") && rowIds().size() == expected.size() - 25);
    List<String> secondPage = rowIds();
    assertTrue(browser.findElement(By.id("next")).getAttribute("disabled") != null, "no third page");
    click("prev");
    await(() -> text("page").equals("page 1") && rowIds().equals(firstPage));
    Set<String> seen = new java.util.HashSet<>(firstPage);
    seen.addAll(secondPage);
    assertEquals(expected, seen, "exactly the subset, each once");

    // our own events: the actor filter, old → new, the raw JSON of either root, markup as text
    clear("f-from");
    clear("f-to");
    type("f-actor", ACTOR);
    click("apply");
    await(() -> text("count").equals("3 events") && text("chart-total").equals("3 events"));
    assertEquals(List.of("ViewerTest: 3"), browser.findElements(By.cssSelector("#chart-legend .category-total"))
        .stream().map(WebElement::getText).toList());
    row(ownIds.get(2)).click();
    await(() -> visible("detail") && !browser.findElements(By.cssSelector("#detail-resources .change")).isEmpty()
        && text("raw-json").contains(ownIds.get(2)));
    assertEquals("Setting2: old-2 → new-2", browser.findElement(By.cssSelector("#detail-resources .change")).getText());
    assertTrue(text("raw-json").contains("\"remoteTenantId\": \"beta-only\""));
    new Select(browser.findElement(By.id("raw-root"))).selectByValue("v1.0");
    await(() -> !text("raw-json").contains("remoteTenantId") && text("raw-json").contains(ownIds.get(2)));

    WebElement markupRow = row(ownIds.get(0));
    assertEquals(MARKUP, markupRow.findElements(By.tagName("td")).get(3).getText());
    assertTrue(markupRow.findElements(By.tagName("script")).isEmpty() && markupRow.findElements(By.tagName("img")).isEmpty());
    markupRow.click();
    await(() -> text("detail-title").equals(MARKUP));
    assertNull(((JavascriptExecutor) browser).executeScript("return window.__xss;"), "no handler ran");
    assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert(), "alert(1) never ran");
    assertFalse(browser.getPageSource().contains("eyJ"), "no token in the page");
  }

  /** An event's details stand beside the list, in view, and say "none" for what the event lacks. */
  @Test
  void detailsStandBesideTheListAndSayNoneForEmptySections() throws Exception {
    browser.get(server.origin() + "/");
    await(() -> visible("sign-in-box") || visible("main"));
    if (visible("sign-in-box")) {
      click("dev-sign-in");
    }
    await(() -> visible("main"));
    clear("f-from");
    clear("f-to");
    clear("f-actor");
    type("f-category", "ViewerBare");
    click("apply");
    await(() -> text("count").equals("1 events"));
    assertEquals("2024-03-01 to 2024-03-02", text("chart-range"), "without from and to: the counted days, the last one's end");
    row(bareId).click();
    await(() -> visible("detail") && text("raw-json").contains(bareId));
    assertEquals("none", browser.findElement(By.cssSelector("#detail-actor .none")).getText());
    assertEquals("none", browser.findElement(By.cssSelector("#detail-resources .none")).getText());

    var detail = browser.findElement(By.id("detail")).getRect();
    var list = browser.findElement(By.id("list")).getRect();
    assertTrue(detail.getX() >= list.getX() + list.getWidth(), "beside the list: " + detail + " / " + list);
    long top = (Long) ((JavascriptExecutor) browser).executeScript(
        "return Math.round(document.getElementById('detail').getBoundingClientRect().top);");
    long height = (Long) ((JavascriptExecutor) browser).executeScript("return window.innerHeight;");
    assertTrue(top >= 0 && top < height, "in view without scrolling: top " + top + " of " + height);
    Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
        Path.of("target", "viewer-detail-screenshot.png"), StandardCopyOption.REPLACE_EXISTING);
    clear("f-category");
  }

  private static void signInByPasting() {
    await(() -> visible("sign-in-box") && visible("dev-box"));
    type("token-input", server.token());
    click("sign-in");
    await(() -> visible("main") && !text("count").isEmpty());
    assertTrue(browser.getCurrentUrl().equals(server.origin() + "/"), "no token in the URL");
  }

  private static void signOut() {
    click("sign-out");
    await(() -> visible("sign-in-box"));
    assertNull(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('graphaudit.viewer.token');"));
  }

  private static List<String> rowIds() {
    return browser.findElements(By.cssSelector("#events tbody tr")).stream().map(r -> r.getAttribute("data-id")).toList();
  }

  private static List<String> column(int index) {
    return browser.findElements(By.cssSelector("#events tbody tr")).stream()
        .map(r -> r.findElements(By.tagName("td")).get(index).getText()).toList();
  }

  private static WebElement row(String id) {
    return browser.findElement(By.cssSelector("#events tbody tr[data-id='" + id + "']"));
  }

  private static String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private static boolean visible(String id) {
    return browser.findElement(By.id(id)).isDisplayed();
  }

  private static void click(String id) {
    browser.findElement(By.id(id)).click();
  }

  private static void type(String id, String value) {
    clear(id);
    browser.findElement(By.id(id)).sendKeys(value);
  }

  private static void clear(String id) {
    browser.findElement(By.id(id)).clear();
  }

  /** Until the page shows what is expected (its requests are asynchronous), at most 15 s. */
  private static void await(java.util.function.BooleanSupplier condition) {
    new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> condition.getAsBoolean());
  }
}
