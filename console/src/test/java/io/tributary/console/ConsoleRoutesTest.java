package io.tributary.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.tributary.schema.kafka.Topics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The console's HTTP surface on a real loopback server: access with and without a token, assets, headers. */
class ConsoleRoutesTest {
    private static final String TOKEN = "a-token-of-sixteen-or-more";

    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void loopbackIsOpenAndOtherAddressesNeedTheToken() {
        assertThat(Access.forBind("127.0.0.1", Optional.empty()).required()).isFalse();
        assertThat(Access.forBind("::1", Optional.empty()).required()).isFalse();
        assertThatThrownBy(() -> Access.forBind("0.0.0.0", Optional.empty()))
                .hasMessageContaining("TRIBUTARY_CONSOLE_TOKEN").hasMessageContaining("0.0.0.0");
        assertThatThrownBy(() -> Access.token("short")).hasMessageContaining("16 characters");
        assertThat(Access.forBind("0.0.0.0", Optional.of(TOKEN)).required()).isTrue();
    }

    @Test
    void withATokenEveryRequestShowsIt() throws Exception {
        serve(Access.token(TOKEN));
        assertThat(get("/console/api/flow", Map.of()).statusCode()).isEqualTo(401);
        HttpResponse<String> page = get("/console/", Map.of());
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/console/login");
        assertThat(get("/console/api/flow", Map.of("Authorization", "Bearer wrong-token-wrong-token")).statusCode())
                .isEqualTo(401);
        HttpResponse<String> flow = get("/console/api/flow", Map.of("Authorization", "Bearer " + TOKEN));
        assertThat(flow.statusCode()).isEqualTo(200);
        assertThat(flow.body()).contains("\"stages\"");

        HttpResponse<String> wrong = post("/console/login", "token=nope", Map.of("Content-Type",
                "application/x-www-form-urlencoded"));
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        HttpResponse<String> login = post("/console/login", "token=" + TOKEN, Map.of("Content-Type",
                "application/x-www-form-urlencoded"));
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict").doesNotContain(TOKEN);
        String session = cookie.substring(0, cookie.indexOf(';'));
        assertThat(get("/console/api/flow", Map.of("Cookie", session)).statusCode()).isEqualTo(200);
        // assets carry no data: the login page needs its stylesheet
        assertThat(get("/console/assets/console.css", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void servesThePageTheChartLibraryAndRefusesChangesWithoutItsHeader() throws Exception {
        serve(Access.open());
        HttpResponse<String> page = get("/console/", Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).contains("webjars/uplot/dist/uPlot.iife.min.js");
        HttpResponse<String> uplot = get("/console/webjars/uplot/dist/uPlot.iife.min.js", Map.of());
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.body()).contains("uPlot");
        assertThat(get("/console/assets/../../Console.class", Map.of()).statusCode()).isEqualTo(404);

        HttpResponse<String> noHeader = post("/console/api/sampling/rules", "{\"target\":\"type:call\",\"rate\":0.5}",
                Map.of("Content-Type", "application/json"));
        assertThat(noHeader.statusCode()).isEqualTo(403);
        HttpResponse<String> invalid = post("/console/api/sampling/rules", "{\"target\":\"type:call\",\"rate\":\"x\"}",
                Map.of("Content-Type", "application/json", "X-Tributary-Console", "1"));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("rate must be a number");
        assertThat(get("/console/api/nothing", Map.of()).statusCode()).isEqualTo(404);
    }

    private void serve(Access access) throws Exception {
        Console console = new Console(new ConsoleSettings(Map.of("bootstrap.servers", "127.0.0.1:1"), Topics.defaults(),
                ConsoleSettings.defaultGroups(), Optional.empty(), List.of(), ConsoleSettings.DEFAULT_HISTORY));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        new ConsoleRoutes(console, access).register(server);
        server.start();
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }
}
