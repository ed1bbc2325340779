import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer's first page load in headless Chromium, signed in: from navigation to the first 25 rows
 * with their count, and to the chart drawn. Run by bench/viewer-load.sh: ORIGIN TOKEN [RUNS].
 */
public class ViewerLoad {
  public static void main(String[] args) {
    String origin = args[0];
    String token = args[1];
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1100");
    WebDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
        .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).usingAnyFreePort().build(), options);
    try {
      browser.get(origin + "/");
      ((JavascriptExecutor) browser).executeScript("sessionStorage.setItem('graphaudit.viewer.token', arguments[0]);", token);
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofMinutes(2));
      for (int run = 1; run <= runs; run++) {
        long start = System.nanoTime();
        browser.navigate().refresh();
        wait.until(d -> d.findElements(By.cssSelector("#events tbody tr")).size() == 25
            && !d.findElement(By.id("count")).getText().isEmpty());
        long table = System.nanoTime() - start;
        wait.until(d -> !d.findElement(By.id("chart-total")).getText().isEmpty()
            && !d.findElements(By.cssSelector("#chart canvas")).isEmpty());
        long chart = System.nanoTime() - start;
        System.out.printf("run=%d table_ms=%d chart_ms=%d count=%s chart=%s %s%n", run, table / 1_000_000,
            chart / 1_000_000, browser.findElement(By.id("count")).getText(),
            browser.findElement(By.id("chart-total")).getText(), browser.findElement(By.id("chart-time")).getText());
      }
    } finally {
      browser.quit();
    }
  }
}
