package uk.npq.platform.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The SQL Hibernate sends, in tests, to bound a request's statements (no N+1 on a list, a POST's round trips): a request
 * whose X-Correlation-Id is a trace id ({@link #newId()}) has every statement Hibernate prepares while serving it
 * recorded under that id. Each service's tests register a Hibernate {@code StatementInspector}
 * ({@code @PersistenceUnitExtension}) that hands each statement to {@link #record} with the request's correlation id
 * (platform Correlation.current(), which lives in the request's Vert.x context), so the statements of other work running
 * at the same time (the outbox relay, consumers, jobs) are not mixed in. For work a test runs itself (a consumer's
 * batch), {@link #onThisThread} records what the calling thread prepares.
 */
public final class SqlTrace {
    private static final String PREFIX = "sql-trace-";
    private static final Map<String, List<String>> TRACES = new ConcurrentHashMap<>();
    private static final ThreadLocal<List<String>> ON_THREAD = new ThreadLocal<>();

    private SqlTrace() {}

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

    /** Records a statement prepared under this correlation id (if it is a trace id), and for {@link #onThisThread}. */
    public static void record(String correlationId, String sql) {
        List<String> thread = ON_THREAD.get();
        if (thread != null) thread.add(sql);
        if (correlationId == null || !correlationId.startsWith(PREFIX)) return;
        List<String> trace = TRACES.get(correlationId);
        if (trace != null) trace.add(sql);
    }

    /** Runs {@code work} and returns the statements this thread prepared meanwhile, in order. */
    public static List<String> onThisThread(Runnable work) {
        List<String> outer = ON_THREAD.get();
        List<String> trace = new ArrayList<>();
        ON_THREAD.set(trace);
        try {
            work.run();
        } finally {
            ON_THREAD.set(outer);
        }
        return List.copyOf(trace);
    }

    /** The statements that read from {@code table} (as a word of the SQL). */
    public static List<String> reading(List<String> statements, String table) {
        return statements.stream().filter(s -> s.toLowerCase(java.util.Locale.ROOT).matches("(?s).*\\b(from|join)\\s+" + table + "\\b.*")).toList();
    }
}
