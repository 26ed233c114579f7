package io.tributary.processor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteNormalizerTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "https://api.example.com/v1/users/277|/v1/users/{id}",
        "/v1/users/42|/v1/users/{id}",
        "/v1/users/42/orders/7?expand=true#top|/v1/users/{id}/orders/{id}",
        "http://h/items/3f2b1c9e-8d4a-4e2f-9b1c-0a1b2c3d4e5f|/items/{id}",
        "http://h/items/3F2B1C9E-8D4A-4E2F-9B1C-0A1B2C3D4E5F/x|/items/{id}/x",
        "http://h/blobs/5f1d7c2ab9e84d3fa6c0|/blobs/{id}",
        "http://h/commits/0123456789abcdef0123456789abcdef01234567|/commits/{id}",
        "http://h/v2/status|/v2/status",
        "http://h/api/cafe|/api/cafe",
        "http://h/api/deadbeef|/api/deadbeef",
        "http://example.com|/",
        "http://example.com?q=1|/",
        "users/9|/users/{id}",
        "/a//b/|/a//b/",
    })
    void normalises(String url, String route) {
        assertThat(RouteNormalizer.normalize(url)).isEqualTo(route);
    }

    @ParameterizedTest
    @CsvSource({"GET,https://x/v1/users/1,GET /v1/users/{id}", "post,/v1/orders,POST /v1/orders"})
    void metricNameIsMethodAndRoute(String method, String url, String name) {
        assertThat(MetricObservationProcessor.route(method, url)).isEqualTo(name);
    }
}
