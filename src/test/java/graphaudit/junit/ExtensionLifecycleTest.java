package graphaudit.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import graphaudit.GraphAuditConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The extension's lifecycles: on an instance field each test gets a fresh service; two test classes
 * run in parallel (JUnit's own launcher, parallel execution on) get a service each, both running at
 * once on different ports.
 */
class ExtensionLifecycleTest {

  @RegisterExtension
  final GraphAuditExtension perTest = GraphAuditExtension.inMemory();

  private static final Map<String, Integer> PORTS = new ConcurrentHashMap<>();
  private static final Map<String, Long> COUNTS = new ConcurrentHashMap<>();
  private static CountDownLatch bothRunning;

  @Test
  void anInstanceFieldGivesEachTestAFreshService() {
    perTest.seed(GraphAuditConfig.DEV_TENANT, 5, 1);
    assertEquals(5, perTest.reset(), "this test's own five events");
  }

  @Test
  void anInstanceFieldGivesEachTestAFreshServiceAgain() {
    assertEquals(0, perTest.reset(), "nothing left from the other test");
  }

  @Test
  void twoTestClassesInParallelGetTwoServices() {
    PORTS.clear();
    bothRunning = new CountDownLatch(2);
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    launcher.execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectClass(ParallelA.class), selectClass(ParallelB.class))
        .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
        .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
        .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
        .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
        .build(), summary);
    TestExecutionSummary result = summary.getSummary();
    result.getFailures().forEach(f -> f.getException().printStackTrace());
    assertEquals(2, result.getTestsSucceededCount(), "both classes' tests passed");
    assertEquals(2, PORTS.size());
    assertNotEquals(PORTS.get("A"), PORTS.get("B"), "two services");
    assertEquals(Map.of("A", 7L, "B", 3L), COUNTS, "each saw only its own seeded events");
  }

  /** Seeds its own service, then waits until the other class's service runs at the same time. */
  static void runAlongside(String name, GraphAuditExtension graph, long events) throws InterruptedException {
    PORTS.put(name, graph.service().port());
    graph.seed(GraphAuditConfig.DEV_TENANT, events, 1);
    bothRunning.countDown();
    assertTrue(bothRunning.await(60, TimeUnit.SECONDS), "the other class ran alongside");
    COUNTS.put(name, graph.reset());
  }

  /** Run only by the launcher above (surefire skips nested classes). */
  static class ParallelA {
    @RegisterExtension
    static final GraphAuditExtension graph = GraphAuditExtension.tempDir();

    @Test
    void a() throws InterruptedException {
      runAlongside("A", graph, 7);
    }
  }

  static class ParallelB {
    @RegisterExtension
    static final GraphAuditExtension graph = GraphAuditExtension.inMemory();

    @Test
    void b() throws InterruptedException {
      runAlongside("B", graph, 3);
    }
  }
}
