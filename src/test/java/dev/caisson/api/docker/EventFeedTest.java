package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import dev.caisson.engine.Engine;
import dev.caisson.engine.network.NetworkService;
import dev.caisson.engine.runtime.ContainerRuntime;
import dev.caisson.platform.events.DockerEvent;
import dev.caisson.platform.events.EventBus;
import tools.jackson.databind.json.JsonMapper;

class EventFeedTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static EventBus bus() {
        Engine engine = mock(Engine.class);
        when(engine.containers()).thenReturn(mock(ContainerRuntime.class));
        when(engine.networks()).thenReturn(mock(NetworkService.class));
        return new EventBus(engine);
    }

    private static DockerEvent event(int n) {
        return new DockerEvent("container", "start", "c" + n, Map.of("n", Integer.toString(n)), Instant.now());
    }

    private static List<Integer> numbers(List<byte[]> lines) {
        return lines.stream().map(l -> JSON.readTree(l).at("/Actor/Attributes/n").asInt()).toList();
    }

    /** While a publisher runs, history and live events meet without a duplicate or a gap. */
    @RepeatedTest(20)
    void historyThenLiveWithoutDuplicatesOrGaps() throws Exception {
        EventBus bus = bus();
        int total = 600;
        for (int i = 0; i < 100; i++) {
            bus.publish(event(i));
        }
        Thread publisher = new Thread(() -> IntStream.range(100, total).forEach(i -> bus.publish(event(i))));
        List<byte[]> out = Collections.synchronizedList(new ArrayList<>());
        EventFeed feed = new EventFeed(out::add, new EventFilter(DockerFilters.parse(null)), Instant.EPOCH, null);
        publisher.start();
        feed.start(bus, true);
        publisher.join();
        feed.stop();
        assertThat(numbers(out)).containsExactlyElementsOf(IntStream.range(0, total).boxed().toList());
    }

    @Test
    void withoutSinceOnlyNewEventsAndUntilBoundsTheHistory() {
        EventBus bus = bus();
        bus.publish(event(1));
        List<byte[]> live = new ArrayList<>();
        EventFeed feed = new EventFeed(live::add, new EventFilter(DockerFilters.parse(null)), null, null);
        feed.start(bus, true);
        bus.publish(event(2));
        feed.stop();
        bus.publish(event(3));
        assertThat(numbers(live)).containsExactly(2);

        Instant cut = Instant.now();
        List<byte[]> past = new ArrayList<>();
        new EventFeed(past::add, new EventFilter(DockerFilters.parse("{\"event\":[\"start\"]}")), Instant.EPOCH, cut)
                .start(bus, false);
        bus.publish(event(4));
        assertThat(numbers(past)).containsExactly(1, 2, 3);
    }
}
