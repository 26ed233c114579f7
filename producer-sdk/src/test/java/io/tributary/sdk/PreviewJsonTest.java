package io.tributary.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreviewJsonTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void rendersValidJsonThatParsesBackToTheSameValues() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("user_id", 90123);
        value.put("score", 0.5);
        value.put("name", "quote \" backslash \\ newline \n tab \t bell \u0007");
        value.put("tags", List.of("a", "b"));
        value.put("nested", Map.of("ok", true));
        value.put("none", null);
        PreviewJson json = new PreviewJson(1000, 50);
        String text = json.render(value);
        assertThat(mapper.readValue(text, Map.class)).isEqualTo(value);
        assertThat(json.truncated()).isFalse();
    }

    @Test
    void appliesStringAndEntryLimits() throws Exception {
        Map<String, Object> value = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            value.put("k" + i, "x".repeat(20));
        }
        PreviewJson json = new PreviewJson(5, 3);
        Map<String, Object> parsed = mapper.readValue(json.render(value), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        assertThat(parsed).hasSize(3).containsEntry("k0", "xxxxx");
        assertThat(json.truncated()).isTrue();
    }

    @Test
    void neverSplitsASurrogatePair() {
        String emoji = "ab\uD83D\uDE00";
        assertThat(EventFinisher.cut(emoji, 3)).isEqualTo("ab");
        assertThat(EventFinisher.cut(emoji, 4)).isEqualTo(emoji);
    }
}
