package dev.caisson.web.containers;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.caisson.engine.runtime.Container;

/**
 * One page of the containers table: filtered by state, name and label, newest first, at most
 * {@link #SIZE} rows, so the page stays fast with thousands of containers: only the rows shown
 * are turned into {@link ContainerRow}s (their ports and status).
 */
public record ContainerListPage(List<ContainerRow> rows, int page, int pages, int total, String state, String name,
                         String label) {
    static final int SIZE = 50;

    static ContainerListPage of(List<Container> all, Function<Container, ContainerRow> row, String state,
                                String name, String label, int page) {
        List<Container> matching = all.stream()
                .filter(c -> state == null || state.isEmpty() || c.state().status().word().equals(state))
                .filter(c -> name == null || name.isEmpty() || c.name().contains(name) || c.id().startsWith(name))
                .filter(c -> label == null || label.isEmpty() || hasLabel(c.spec().labels(), label))
                .sorted(Comparator.comparing(Container::created).reversed())
                .toList();
        int pages = Math.max(1, (matching.size() + SIZE - 1) / SIZE);
        int p = Math.min(Math.max(page, 1), pages);
        List<ContainerRow> rows = matching.subList((p - 1) * SIZE, Math.min(p * SIZE, matching.size())).stream()
                .map(row).toList();
        return new ContainerListPage(rows, p, pages, matching.size(), state, name, label);
    }

    /** "key" or "key=value", as `docker ps --filter label=...`. */
    private static boolean hasLabel(Map<String, String> labels, String filter) {
        int eq = filter.indexOf('=');
        return eq < 0 ? labels.containsKey(filter) : filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }
}
