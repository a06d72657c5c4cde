package dev.caisson.api.docker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.SystemException;

/**
 * `docker top` as Docker does it: `ps` runs on the host with the client's arguments, and the
 * rows whose PID belongs to the container are kept. This class checks the arguments and
 * reads ps's table; running ps is the controller's part.
 */
final class PsTable {
    /** "-o pid=PID" style renames of the PID column would hide it from us; Docker forbids them. */
    private static final Pattern RENAMED = Pattern.compile("\\s+([^\\s]*)=\\s*(PID[^\\s]*)");

    record Table(List<String> titles, List<List<String>> processes) {
    }

    private PsTable() {
    }

    static void validateArgs(String psArgs) {
        Matcher m = RENAMED.matcher(psArgs);
        while (m.find()) {
            if (!m.group(1).equals("pid")) {
                throw new InvalidArgumentException("specifying \"" + m.group(1) + "=" + m.group(2) + "\" is not allowed");
            }
        }
    }

    /** ps's argument words, as Docker splits them (on single spaces). */
    static List<String> args(String psArgs) {
        return Arrays.stream(psArgs.split(" ")).filter(s -> !s.isEmpty()).toList();
    }

    /** The header's titles and the rows of the given pids; a row with more words than titles has the rest joined into its last column. */
    static Table parse(String output, Set<Integer> pids) {
        String[] lines = output.split("\n");
        List<String> titles = fields(lines[0]);
        int pidIndex = titles.indexOf("PID");
        if (pidIndex < 0) {
            throw new SystemException("Couldn't find PID field in ps output");
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            List<String> f = fields(lines[i]);
            if (f.size() <= pidIndex || !f.get(pidIndex).matches("\\d+")
                    || !pids.contains(Integer.parseInt(f.get(pidIndex)))) {
                continue;
            }
            int last = titles.size() - 1;
            List<String> row = new ArrayList<>(f.subList(0, Math.min(last, f.size())));
            if (f.size() > last) {
                row.add(String.join(" ", f.subList(last, f.size())));
            }
            rows.add(row);
        }
        return new Table(titles, rows);
    }

    /** Splits on ASCII whitespace only, as Docker does (a command may contain other spaces). */
    private static List<String> fields(String line) {
        return Arrays.stream(line.split("[ \\t\\n\\x0B\\f\\r]+")).filter(s -> !s.isEmpty()).toList();
    }
}
