package uk.npq.platform.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.hibernate.engine.jdbc.spi.JdbcCoordinator;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks;
import uk.npq.platform.correlation.Correlation;
import uk.npq.platform.tracing.TraceContext;

/**
 * Records an event in the current business transaction. Nothing reaches Kafka here: the
 * {@link OutboxRelay} publishes the row after the transaction commits, so a rolled-back change
 * never emits its event and a committed one is never lost when Kafka is away.
 *
 * <p>The rows of a transaction are kept here and written at its end, after Hibernate's own flush and before the commit,
 * by one set-based INSERT (per {@link #CHUNK} rows) on the transaction's connection: no entity, no persistence context, no
 * dirty check, however many events the transaction publishes. The statement goes through Hibernate's statement preparer,
 * so it is seen (and counted) like every other statement of the transaction.
 *
 * <p>Each event is stored twice: in Avro's JSON encoding ({@code payload}: what people, tests and change-data-capture read)
 * and in Avro's binary encoding ({@code payload_avro}), which the relay sends as it is behind the registry's frame
 * ({@link OutboxFrames}), so no event is decoded and serialized again on the relay's one thread.
 */
@ApplicationScoped
public class Outbox {
    private static final Object PENDING = Outbox.class.getName() + ".pending";
    /** Rows per INSERT: a transaction that publishes more (a statement's move) writes them in several. */
    static final int CHUNK = 1000;
    /** One statement for any number of rows (one array per column); the same text whatever the count, so it is prepared once. */
    static final String INSERT = "INSERT INTO outbox_event (id, aggregatetype, aggregateid, type, topic, payload, payload_avro, "
            + "correlation_id, created_at, traceparent, tracestate) "
            + "SELECT CAST(r.id AS uuid), r.aggregatetype, r.aggregateid, r.type, r.topic, CAST(r.payload AS jsonb), "
            + "decode(r.payload_avro, 'hex'), r.correlation_id, CAST(r.created_at AS timestamptz), r.traceparent, r.tracestate "
            + "FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), "
            + "CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), "
            + "CAST(? AS text[]), CAST(? AS text[])) "
            + "AS r(id, aggregatetype, aggregateid, type, topic, payload, payload_avro, correlation_id, created_at, traceparent, tracestate)";

    @Inject EntityManager em;
    @Inject TransactionSynchronizationRegistry transactions;
    @Inject OutboxRelay relay;

    /**
     * Fills the envelope (eventId, occurredAt, aggregateId, schemaVersion, correlationId) of
     * {@code event} and stores it for {@code topic}, keyed by {@code aggregateId}.
     *
     * @return the event id
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID publish(String topic, String aggregateType, String aggregateId, SpecificRecord event) {
        UUID id = UUID.randomUUID();
        Pending pending = pending();
        Instant now = pending.next(Instant.now());
        put(event, "eventId", id.toString());
        put(event, "occurredAt", now);
        put(event, "aggregateId", aggregateId);
        String correlationId = Correlation.current();
        put(event, "correlationId", correlationId);
        // the span of the request (or of the consumer) that published it: the relay continues this trace (null: tracing off)
        TraceContext.Stored trace = TraceContext.current();
        pending.rows.add(new Row(id, aggregateType, aggregateId, event.getSchema().getFullName(), topic, AvroJson.encode(event),
                AvroBinary.encode(event), correlationId, now, trace == null ? null : trace.traceparent(),
                trace == null ? null : trace.tracestate()));
        return id;
    }

    /** This transaction's rows; the first publish of a transaction arranges their writing and the relay's wake-up. */
    private Pending pending() {
        Pending p = (Pending) transactions.getResource(PENDING);
        if (p != null) return p;
        p = new Pending();
        transactions.putResource(PENDING, p);
        // written by Hibernate's session of this transaction just before it completes (after its flush: rows the business
        // change wrote are already sent), so on the same connection and inside the transaction
        em.unwrap(SharedSessionContractImplementor.class).getTransactionCompletionCallbacks().registerCallback(p);
        // every replica's relay hears of the commit from the outbox table's trigger (V0_3, OutboxWakeListener);
        // this process's is also woken directly, once per transaction however many events it writes
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override public void beforeCompletion() {}
            @Override public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) relay.wakeUp();
            }
        });
        return p;
    }

    record Row(UUID id, String aggregateType, String aggregateId, String type, String topic, String payload, byte[] avro,
               String correlationId, Instant createdAt, String traceparent, String tracestate) {}

    /** The rows one transaction published, written at its end. */
    static final class Pending implements TransactionCompletionCallbacks.BeforeCompletionCallback {
        final List<Row> rows = new ArrayList<>();
        private Instant last = Instant.EPOCH;

        /**
         * The event's time: the clock's, but always a microsecond (PostgreSQL's precision) after the transaction's previous
         * event, so the relay, which sends in (created_at, id) order, never sends two events of one transaction out of the
         * order they were published in (with equal times the random ids decided).
         */
        Instant next(Instant clock) {
            Instant t = clock.truncatedTo(ChronoUnit.MICROS);
            if (!t.isAfter(last)) t = last.plus(1, ChronoUnit.MICROS);
            last = t;
            return t;
        }

        @Override
        public void doBeforeTransactionCompletion(SharedSessionContractImplementor session) {
            for (int from = 0; from < rows.size(); from += CHUNK) {
                write(session, rows.subList(from, Math.min(rows.size(), from + CHUNK)));
            }
        }

        private static void write(SharedSessionContractImplementor session, List<Row> chunk) {
            JdbcCoordinator jdbc = session.getJdbcCoordinator();
            PreparedStatement ps = jdbc.getStatementPreparer().prepareStatement(INSERT);
            try {
                Connection c = jdbc.getLogicalConnection().getPhysicalConnection();
                int n = chunk.size();
                String[][] columns = new String[11][n];
                HexFormat hex = HexFormat.of();
                for (int i = 0; i < n; i++) {
                    Row r = chunk.get(i);
                    columns[0][i] = r.id().toString();
                    columns[1][i] = r.aggregateType();
                    columns[2][i] = r.aggregateId();
                    columns[3][i] = r.type();
                    columns[4][i] = r.topic();
                    columns[5][i] = r.payload();
                    columns[6][i] = hex.formatHex(r.avro()); // bytea as hex text: one array type for every column
                    columns[7][i] = r.correlationId();
                    columns[8][i] = r.createdAt().toString();
                    columns[9][i] = r.traceparent();
                    columns[10][i] = r.tracestate();
                }
                for (int col = 0; col < columns.length; col++) ps.setArray(col + 1, c.createArrayOf("text", columns[col]));
                int written = jdbc.getResultSetReturn().executeUpdate(ps, INSERT);
                if (written != n) throw new IllegalStateException("outbox: wrote " + written + " of " + n + " events");
            } catch (SQLException e) {
                throw session.getJdbcServices().getSqlExceptionHelper().convert(e, "cannot write outbox events", INSERT);
            } finally {
                jdbc.getLogicalConnection().getResourceRegistry().release(ps);
                jdbc.afterStatementExecution();
            }
        }
    }

    private static void put(SpecificRecord event, String field, Object value) {
        Schema.Field f = event.getSchema().getField(field);
        if (f == null) {
            throw new IllegalArgumentException(event.getSchema().getFullName() + " lacks envelope field " + field);
        }
        event.put(f.pos(), value);
    }
}
