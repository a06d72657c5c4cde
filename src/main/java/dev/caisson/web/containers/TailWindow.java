package dev.caisson.web.containers;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The last N records seen: a search reads the whole log but shows only its last matches. */
final class TailWindow {
    private final int size;
    private final ArrayDeque<Object[]> records = new ArrayDeque<>();

    TailWindow(int size) {
        this.size = Math.max(size, 0);
    }

    void add(Object[] r) {
        if (size == 0) {
            return;
        }
        if (records.size() == size) {
            records.removeFirst();
        }
        records.addLast(r);
    }

    List<Object[]> records() {
        return new ArrayList<>(records);
    }
}
