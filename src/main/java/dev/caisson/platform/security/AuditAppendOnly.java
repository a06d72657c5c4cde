package dev.caisson.platform.security;

import java.sql.Connection;
import java.sql.SQLException;

import org.h2.api.Trigger;

/**
 * The audit log's database trigger (V5__security.sql): every UPDATE or DELETE of a row fails,
 * whoever runs it, so the log is append-only below the application too.
 */
public class AuditAppendOnly implements Trigger {
    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException("the audit log is append-only: rows cannot be changed or removed", "23513");
    }
}
