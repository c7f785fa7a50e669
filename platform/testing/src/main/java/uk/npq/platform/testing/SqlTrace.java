package uk.npq.platform.testing;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.jboss.logging.MDC;

/**
 * The SQL Hibernate sends for one HTTP request, in tests: a request whose X-Correlation-Id is a trace id (see {@link #newId()})
 * has every statement Hibernate prepares while serving it (HQL, native, inserts and updates) recorded under that id. The
 * correlation id lives in the request's Vert.x context (the logging MDC), so the statements of other work running at the same
 * time (the outbox relay, consumers, jobs) are not mixed in. Shared by the services' tests (a bean of this archive, so every
 * {@code @QuarkusTest} app has it); it reads the correlation id where platform's {@code Correlation} keeps it (the MDC).
 */
@PersistenceUnitExtension
@ApplicationScoped
public class SqlTrace implements StatementInspector {
    private static final String PREFIX = "sql-trace-";
    /** platform runtime's {@code Correlation.MDC_KEY}. */
    private static final String MDC_KEY = "correlationId";
    private static final Map<String, List<String>> TRACES = new ConcurrentHashMap<>();

    /** A correlation id whose requests are traced. */
    public static String newId() {
        String id = PREFIX + UUID.randomUUID();
        TRACES.put(id, new CopyOnWriteArrayList<>());
        return id;
    }

    /** The statements prepared for the requests with this id, in order. */
    public static List<String> statements(String id) {
        return List.copyOf(TRACES.getOrDefault(id, List.of()));
    }

    @Override
    public String inspect(String sql) {
        Object current = MDC.get(MDC_KEY);
        String id = current == null ? null : current.toString();
        if (id != null && id.startsWith(PREFIX)) {
            List<String> trace = TRACES.get(id);
            if (trace != null) trace.add(sql);
        }
        return sql;
    }
}
