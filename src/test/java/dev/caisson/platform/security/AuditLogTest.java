package dev.caisson.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuditLogTest {
    private final SecurityDatabase db = new SecurityDatabase();

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void rowsCanBeAddedButNeitherChangedNorRemovedByAnyone() {
        AuditLog log = new AuditLog(db.jdbc);
        log.record(null, "10.0.0.1", "container.start", "POST", "/containers/x/start", "x", 403, "permission denied");
        assertThat(log.query(new AuditLog.Query(null, "container.*", null, null, null, null, null, 10)))
                .singleElement().satisfies(e -> {
                    assertThat(e.actor()).isEqualTo("anonymous");
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.source()).isEqualTo("10.0.0.1");
                });
        log.flush();
        assertThatThrownBy(() -> db.jdbc.update("DELETE FROM audit_log")).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.jdbc.update("DELETE FROM audit_log WHERE status = 403")).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.jdbc.update("UPDATE audit_log SET status = 200")).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.jdbc.update("TRUNCATE TABLE audit_log")).as("no bulk removal either");
        assertThat(db.jdbc.queryForObject("SELECT status FROM audit_log", Integer.class)).isEqualTo(403);
    }

    @Test
    void csvQuotesAndDefusesSpreadsheetFormulas() throws Exception {
        AuditLog log = new AuditLog(db.jdbc);
        CaissonPrincipal op = new CaissonPrincipal(1, "op1", Role.OPERATOR, TokenScope.FULL, "laptop", CaissonPrincipal.Via.TOKEN);
        log.record(op, "127.0.0.1", "container.create", "POST", "/containers/create?name=a,b", "=cmd()", 201, "say \"hi\"");
        StringWriter w = new StringWriter();
        log.csv(new AuditLog.Query(null, null, null, null, null, null, null, 0), w);
        String[] lines = w.toString().split("\r\n");
        assertThat(lines[0]).isEqualTo("id,time,actor,token,via,source,action,method,path,target,status,detail");
        assertThat(lines[1]).contains(",op1,laptop,token,127.0.0.1,container.create,POST,\"/containers/create?name=a,b\",\"'=cmd()\",201,\"say \"\"hi\"\"\"");
    }
}
