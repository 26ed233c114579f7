package io.tributary.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.console.watch.ComponentMetrics;
import io.tributary.embedded.EmbeddedKafkaCluster;
import io.tributary.export.file.FileExportConfig;
import io.tributary.export.file.FileExportWorker;
import io.tributary.export.storage.LocalStorage;
import io.tributary.processor.ProcessorConfig;
import io.tributary.processor.StreamProcessor;
import io.tributary.processor.sampling.SamplingRule;
import io.tributary.processor.sampling.SamplingRulesAdmin;
import io.tributary.schema.kafka.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The console in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs) against a real broker, processor and file exporter: known events go in, and the page's
 * DOM must show exactly them. Screenshots of every view land in {@code target/console-screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    private static final String SCRIPT_NAME = "<script>alert(1)</script>";
    private static final int CUSTOM = 40;
    private static final int CHECKOUT_CALLS = 20;
    /** Returns of checkout, taking 1..20 ms. */
    private static final int CHECKOUT_RETURNS = 20;
    private static final int MALFORMED = 3;
    private static final int MISSING_FIELD = 2;
    private static final int VALID = CUSTOM + CHECKOUT_CALLS + CHECKOUT_RETURNS + 1;
    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private static EmbeddedKafkaCluster kafka;
    private static StreamProcessor processor;
    private static FileExportWorker exporter;
    private static Console console;
    private static HttpServer server;
    private static ChromeDriver browser;
    private static Topics topics = Topics.defaults();
    private static long windowStartMs;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafkaCluster.builder().nodes(1).build();
        kafka.start();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        processor = StreamProcessor.create(new ProcessorConfig(processorSettings()), registry);
        processor.start();
        Path exports = Files.createDirectories(Path.of("target", "console-it-exports-" + System.nanoTime()));
        Map<String, Object> exportSettings = new HashMap<>(client());
        exportSettings.put(FileExportConfig.EXPORT_DIR, exports.toString());
        exportSettings.put(FileExportConfig.ROTATE_AGE_MS, 1_000L);
        exporter = FileExportWorker.create(new FileExportConfig(exportSettings), registry);
        exporter.start();
        console = new Console(new ConsoleSettings(client(), topics, ConsoleSettings.defaultGroups(),
                Optional.of(LocalStorage.create(exports)),
                List.of(new ComponentMetrics.Source("it", registry::scrape, () -> exporter.health().toString())),
                ConsoleSettings.DEFAULT_HISTORY));
        console.start();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        new ConsoleRoutes(console, Access.open()).register(server);
        server.start();
        browser = chromium();
        Files.createDirectories(SCREENSHOTS);
    }

    private static Map<String, Object> client() {
        return Map.of(ProcessorConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    }

    private static Map<String, Object> processorSettings() throws IOException {
        Map<String, Object> settings = new HashMap<>(client());
        settings.put(ProcessorConfig.TOPIC_PARTITIONS, 2);
        settings.put(ProcessorConfig.METRICS_WINDOWS, "10s");
        settings.put(ProcessorConfig.METRICS_GRACE_MS, 1_000L);
        settings.put(ProcessorConfig.IDLE_ADVANCE_MS, 3_000L);
        settings.put(ProcessorConfig.PUNCTUATE_INTERVAL_MS, 500L);
        settings.put(ProcessorConfig.SESSIONS_GAP_MS, 3_000L);
        settings.put(ProcessorConfig.SESSIONS_GRACE_MS, 0L);
        settings.put(ProcessorConfig.COMMIT_INTERVAL_MS, 500L);
        settings.put(ProcessorConfig.STATE_DIR, Files.createTempDirectory(
                Files.createDirectories(Path.of("target", "it-state")), "console").toString());
        settings.put(ProcessorConfig.ROCKSDB_MEMORY_BYTES, 32L * 1024 * 1024);
        return settings;
    }

    /** Debian's chromium through Debian's chromedriver: nothing is downloaded. */
    private static ChromeDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws IOException {
        // Evidence beside the screenshots: what the API said at the end, and the components' health.
        ConsoleApi api = new ConsoleApi(console);
        var snapshot = api.snapshot(System.currentTimeMillis());
        snapshot.put("processorHealth", processor.health().toString());
        snapshot.put("exporterHealth", exporter.health().toString());
        Files.writeString(SCREENSHOTS.resolve("snapshot.json"), api.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(snapshot));
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.stop(0);
        }
        for (AutoCloseable c : new AutoCloseable[] {console, exporter, processor, kafka}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    @Test
    @Order(1)
    void aRuleCreatedInThePageIsWhatTributarySamplingListShows() {
        open("sampling");
        browser.findElement(By.id("rule-target")).sendKeys("type:custom");
        browser.findElement(By.id("rule-rate")).sendKeys("1");
        browser.findElement(By.id("rule-min")).sendKeys("25");
        browser.findElement(By.id("rule-save")).click();
        eventually().until(() -> text(By.id("rule-message")).equals("saved type:custom"));
        try (SamplingRulesAdmin admin = SamplingRulesAdmin.create(client(), topics)) {
            assertThat(admin.list()).containsEntry("type:custom", new SamplingRule("type:custom", 1.0, 25, false));
        }
        eventually().until(() -> !browser.findElements(By.cssSelector("#rules-table tr[data-target='type:custom']")).isEmpty());

        browser.findElement(By.id("rule-target")).clear();
        browser.findElement(By.id("rule-target")).sendKeys("type:nonsense");
        browser.findElement(By.id("rule-save")).click();
        eventually().until(() -> browser.findElement(By.id("rule-message")).getAttribute("class").contains("error"));
        assertThat(text(By.id("rule-message"))).contains("nonsense");
        screenshot("sampling-rule");
    }

    @Test
    @Order(2)
    void theViewsShowExactlyTheEventsSent() throws Exception {
        send();
        open("flow");
        eventually().untilAsserted(() -> {
            assertThat(stage("raw")).isEqualTo(VALID + MALFORMED + MISSING_FIELD);
            assertThat(stage("dlq")).isEqualTo(MALFORMED + MISSING_FIELD);
            assertThat(stage("valid")).isEqualTo(VALID);
            assertThat(stage("kept")).isEqualTo(VALID);
            assertThat(stage("dropped")).isZero();
            assertThat(stage("exported")).isEqualTo(VALID);
        });
        screenshot("flow");

        open("dlq");
        eventually().untilAsserted(() -> {
            assertThat(number("#dlq-reasons tr[data-reason='MALFORMED_JSON'] .count")).isEqualTo(MALFORMED);
            assertThat(number("#dlq-reasons tr[data-reason='MISSING_FIELD'] .count")).isEqualTo(MISSING_FIELD);
            assertThat(browser.findElements(By.cssSelector("#dlq-reasons tbody tr"))).hasSize(2);
            assertThat(browser.findElements(By.cssSelector("#dlq-latest tbody tr"))).hasSize(MALFORMED + MISSING_FIELD);
        });
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("dlq-filter"))).selectByValue("MISSING_FIELD");
        eventually().untilAsserted(() -> {
            List<WebElement> rows = browser.findElements(By.cssSelector("#dlq-latest tbody tr"));
            assertThat(rows).hasSize(MISSING_FIELD);
            assertThat(rows.get(0).getText()).contains("func").contains(topics.raw());
        });
        screenshot("dead-letters");

        open("windows");
        String key = "10s shop / CALL / checkout";
        eventually().untilAsserted(() -> assertThat(windowCount(key)).isEqualTo(CHECKOUT_CALLS));
        String returns = "10s shop / RETURN / checkout";
        eventually().untilAsserted(() -> {
            assertThat(windowCount(returns)).isEqualTo(CHECKOUT_RETURNS);
            // p99 of 1..20 ms is the value at rank 0.99 * 19, the 19th: 19 ms, within DDSketch's 1 %
            assertThat(cell(returns, "p99")).matches("(18\\.[89]\\d|19\\.[01]\\d) ms");
        });
        String scriptKey = "10s shop / CALL / " + SCRIPT_NAME;
        eventually().untilAsserted(() -> assertThat(windowCount(scriptKey)).isEqualTo(1));
        browser.findElement(By.id("windows-search")).sendKeys("CALL/checkout");
        eventually().until(() -> browser.findElements(By.cssSelector("#windows-table tbody tr")).size() == 1);
        click(By.cssSelector("#windows-table tbody tr"));
        eventually().until(() -> "1".equals(browser.findElement(By.id("window-chart")).getAttribute("data-points")));
        assertThat(browser.findElements(By.cssSelector("#window-chart canvas"))).isNotEmpty();
        screenshot("windows");

        open("sessions");
        eventually().until(() -> browser.findElements(By.cssSelector("#sessions-table tbody tr")).size() == 4);
        click(By.cssSelector("#sessions-table tr[data-session='s-2'] a"));
        eventually().untilAsserted(() -> {
            assertThat(browser.getCurrentUrl()).endsWith("#tail");
            List<WebElement> rows = browser.findElements(By.cssSelector("#tail-table tbody tr"));
            assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r.getText()).contains("s-2"));
        });
        screenshot("sessions-tail");

        open("lag");
        eventually().untilAsserted(() -> {
            assertThat(number("#lag-table tr[data-role='processor'] .records")).isZero();
            assertThat(number("#lag-table tr[data-role='file exporter'] .records")).isZero();
        });
        screenshot("lag");

        open("exports");
        eventually().untilAsserted(() -> assertThat(browser.findElements(By.cssSelector("#ledger-table tbody .events"))
                .stream().mapToLong(e -> Long.parseLong(e.getText().replace(",", ""))).sum()).isEqualTo(VALID));
        browser.findElement(By.id("verify-button")).click();
        eventually().until(() -> "ok".equals(browser.findElement(By.id("verify-result")).getAttribute("data-state")));
        assertThat(text(By.id("verify-result"))).contains(VALID + " events");
        screenshot("exports");
    }

    @Test
    @Order(3)
    void hostileNamesAreShownAsTextAndNeverRun() {
        open("tail");
        browser.findElement(By.id("tail-session")).clear(); // the sessions step left it on s-2
        browser.findElement(By.id("tail-session")).sendKeys("s-1");
        eventually().untilAsserted(() -> assertThat(browser.findElement(By.id("tail-table")).getText())
                .contains(SCRIPT_NAME));
        open("windows");
        browser.findElement(By.id("windows-search")).clear(); // the windows step left "CALL/checkout" in it
        browser.findElement(By.id("windows-search")).sendKeys("script");
        eventually().untilAsserted(() -> assertThat(browser.findElement(By.id("windows-table")).getText())
                .contains(SCRIPT_NAME));
        assertNoAlert();
        JavascriptExecutor js = browser;
        // Only the page's own two scripts exist: nothing from event data became an element.
        assertThat(((Number) js.executeScript("return document.scripts.length")).intValue()).isEqualTo(2);
        assertThat(js.executeScript("return document.querySelectorAll('img,iframe,object,embed').length"))
                .isEqualTo(0L);
        screenshot("tail");
    }

    /** Awaits with a bound; the page re-renders every second, so an element found may go stale before it is read. */
    private static ConditionFactory eventually() {
        return await().atMost(BOUND).ignoreExceptionsInstanceOf(StaleElementReferenceException.class);
    }

    /** Clicks a table element, finding it again if the page re-rendered the table in between. */
    private static void click(By by) {
        eventually().until(() -> {
            browser.findElement(by).click();
            return true;
        });
    }

    private static void assertNoAlert() {
        try {
            browser.switchTo().alert();
            throw new AssertionError("an alert opened: the script in the event data ran");
        } catch (NoAlertPresentException expected) {
            // the script was shown as text
        }
    }

    private static void send() {
        long now = System.currentTimeMillis();
        windowStartMs = (now - 30_000) / 10_000 * 10_000;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < CUSTOM; i++) {
            lines.add("{\"type\":\"custom\",\"name\":\"signup\",\"session_id\":\"s-" + (i % 4) + "\",\"ts_ns\":"
                    + ns(windowStartMs + 100 + i) + ",\"props\":{\"plan\":\"=HYPERLINK(\\\"http://x\\\")\"}}");
        }
        for (int i = 0; i < CHECKOUT_CALLS; i++) {
            lines.add(call("checkout", "s-" + (i % 4), windowStartMs + 200 + i));
        }
        for (int i = 1; i <= CHECKOUT_RETURNS; i++) {
            lines.add("{\"type\":\"return\",\"session_id\":\"s-" + (i % 4) + "\",\"func\":\"checkout\",\"t1_ns\":"
                    + ns(windowStartMs + 500 + i) + ",\"dt_ns\":" + i * 1_000_000L + "}");
        }
        lines.add(call(SCRIPT_NAME.replace("\"", "\\\""), "s-1", windowStartMs + 300));
        for (int i = 0; i < MALFORMED; i++) {
            lines.add("{\"type\":");
        }
        for (int i = 0; i < MISSING_FIELD; i++) {
            lines.add("{\"type\":\"call\",\"session_id\":\"s-0\",\"t0_ns\":" + ns(windowStartMs + 400) + "}");
        }
        Map<String, Object> settings = new HashMap<>(client());
        settings.put("acks", "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings, new StringSerializer(),
                new StringSerializer())) {
            for (String line : lines) {
                producer.send(new ProducerRecord<String, String>(topics.raw(), null, null, line,
                        List.of(new org.apache.kafka.common.header.internals.RecordHeader("service",
                                "shop".getBytes(StandardCharsets.UTF_8)))));
            }
            producer.flush();
        }
    }

    private static String call(String func, String session, long timeMs) {
        return "{\"type\":\"call\",\"session_id\":\"" + session + "\",\"func\":\"" + func + "\",\"t0_ns\":" + ns(timeMs) + "}";
    }

    private static long ns(long ms) {
        return ms * 1_000_000;
    }

    private static void open(String view) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + ConsoleRoutes.BASE + "/#" + view;
        if (!browser.getCurrentUrl().startsWith(url.substring(0, url.indexOf('#')))) {
            browser.get(url);
        } else {
            browser.findElement(By.cssSelector("#nav a[data-view='" + view + "']")).click();
        }
        eventually().until(() -> browser.findElement(By.id("view-" + view)).isDisplayed()
                && !text(By.id("status")).startsWith("connecting"));
    }

    private static long stage(String id) {
        return number("#flow-table tr[data-stage='" + id + "'] .total");
    }

    private static long windowCount(String key) {
        String count = cell(key, "count");
        return count == null ? -1 : Long.parseLong(count.replace(",", ""));
    }

    /** The text of the cell of class {@code column} in the windows row of {@code key}, or null. */
    private static String cell(String key, String column) {
        for (WebElement row : browser.findElements(By.cssSelector("#windows-table tbody tr"))) {
            if (row.findElement(By.className("key")).getText().equals(key)) {
                return row.findElement(By.className(column)).getText();
            }
        }
        return null;
    }

    private static long number(String css) {
        return Long.parseLong(browser.findElement(By.cssSelector(css)).getText().replace(",", ""));
    }

    private static String text(By by) {
        return browser.findElement(by).getText();
    }

    private static void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
