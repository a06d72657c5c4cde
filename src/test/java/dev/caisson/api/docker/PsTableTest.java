package dev.caisson.api.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.caisson.engine.InvalidArgumentException;
import dev.caisson.engine.SystemException;

class PsTableTest {
    private static final String PS_EF = """
            UID          PID    PPID  C STIME TTY          TIME CMD
            root           1       0  0 05:00 ?        00:00:01 /sbin/init
            root       15791   15770  0 05:43 ?        00:00:00 sh -c while true; do echo hi; sleep 1; done
            root       16271   15791  0 05:43 ?        00:00:00 sleep 1
            """;

    @Test
    void keepsTheContainersRowsAndJoinsTheCommandsWords() {
        PsTable.Table t = PsTable.parse(PS_EF, Set.of(15791, 16271));
        assertThat(t.titles()).containsExactly("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD");
        assertThat(t.processes()).containsExactly(
                List.of("root", "15791", "15770", "0", "05:43", "?", "00:00:00", "sh -c while true; do echo hi; sleep 1; done"),
                List.of("root", "16271", "15791", "0", "05:43", "?", "00:00:00", "sleep 1"));
    }

    @Test
    void withoutAPidColumnThereIsNothingToMatch() {
        assertThatThrownBy(() -> PsTable.parse("COMMAND\nsh\n", Set.of(1)))
                .isInstanceOf(SystemException.class).hasMessage("Couldn't find PID field in ps output");
    }

    @Test
    void renamingThePidColumnIsRefusedLikeDocker() {
        PsTable.validateArgs("-o pid=PID,comm");
        assertThatThrownBy(() -> PsTable.validateArgs("-o user=PID"))
                .isInstanceOf(InvalidArgumentException.class).hasMessage("specifying \"user=PID\" is not allowed");
        assertThat(PsTable.args("-o  pid,args")).containsExactly("-o", "pid,args");
    }
}
