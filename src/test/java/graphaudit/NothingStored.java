package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks after each test that rejected requests stored nothing and the service is still healthy:
 * {@code @RegisterExtension final NothingStored nothingStored = new NothingStored(server);}. A test
 * that stores on purpose calls {@link #rebase()} afterwards.
 */
final class NothingStored implements BeforeEachCallback, AfterEachCallback {

  private static final String COUNT = "/beta/deviceManagement/auditEvents/$count";

  private final TestServer server;
  private String count;

  NothingStored(TestServer server) {
    this.server = server;
  }

  /** Takes what is stored now as the state the test must end in. */
  void rebase() {
    count = server.http().get(COUNT).body();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    rebase();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    assertEquals(count, server.http().get(COUNT).body(), "a rejected request stored nothing");
    assertEquals(200, server.http().get("/health").status());
  }
}
