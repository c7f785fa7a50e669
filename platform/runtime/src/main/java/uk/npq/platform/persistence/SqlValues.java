package uk.npq.platform.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;

/** Values of native queries, whichever Java type the driver and Hibernate hand a column back as. */
public final class SqlValues {
    private SqlValues() {}

    /** A timestamptz column as an Instant (null stays null). */
    public static Instant instant(Object value) {
        if (value == null || value instanceof Instant) return (Instant) value;
        if (value instanceof OffsetDateTime o) return o.toInstant();
        if (value instanceof java.sql.Timestamp t) return t.toInstant();
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
