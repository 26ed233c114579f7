package io.tributary.console.watch;

import io.tributary.schema.MetricWindow;
import io.tributary.schema.kafka.Topics;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The closed metric windows read from the {@code metrics.<size>} topics: the latest windows of every key (service,
 * event type, name) of every window size. Bounded: {@value #WINDOWS_PER_KEY} windows per key, and the keys updated
 * least recently give way beyond {@value #MAX_KEYS}. Thread-safe.
 */
public final class MetricWindows {
    public static final int WINDOWS_PER_KEY = 60;
    public static final int MAX_KEYS = 5_000;

    /** One key's windows of one size, oldest first. */
    public record Series(String window, String service, String type, String name, List<MetricWindow> windows) {
        public MetricWindow latest() {
            return windows.get(windows.size() - 1);
        }

        /** The key as the console names it: {@code <window> <service>/<type>/<name>}. */
        public String id() {
            return id(window, service, type, name);
        }

        static String id(String window, String service, String type, String name) {
            return window + " " + service + "/" + type + "/" + name;
        }
    }

    private final Map<String, Deque<MetricWindow>> byKey = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<MetricWindow>> eldest) {
            return size() > MAX_KEYS;
        }
    };

    /** Keeps one closed window. */
    public void add(MetricWindow window) {
        String id = Series.id(label(window), window.getService(), window.getEventType().name(), window.getName());
        synchronized (this) {
            Deque<MetricWindow> windows = byKey.computeIfAbsent(id, k -> new ArrayDeque<>());
            windows.addLast(window);
            if (windows.size() > WINDOWS_PER_KEY) {
                windows.removeFirst();
            }
        }
    }

    /** Every key's series. */
    public synchronized List<Series> series() {
        List<Series> all = new ArrayList<>(byKey.size());
        byKey.values().forEach(windows -> {
            MetricWindow w = windows.peekLast();
            all.add(new Series(label(w), w.getService(), w.getEventType().name(), w.getName(),
                    List.copyOf(windows)));
        });
        return all;
    }

    static String label(MetricWindow w) {
        return Topics.windowLabel(Duration.ofMillis(w.getWindowEndMs() - w.getWindowStartMs()));
    }
}
