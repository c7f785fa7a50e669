package uk.npq.platform.correlation;

import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.MDC;

/**
 * The correlation id of the work on this thread: taken from the X-Correlation-Id request header (or made
 * up), carried on every event the work publishes, and restored when a consumer handles that event. It is
 * in the logging MDC as "correlationId".
 */
public final class Correlation {
    public static final String HEADER = "X-Correlation-Id";
    static final String MDC_KEY = "correlationId";

    private Correlation() {}

    /** The current id, or null outside a request or event. */
    public static String current() {
        Object v = MDC.get(MDC_KEY);
        return v == null ? null : v.toString();
    }

    static void set(String id) {
        if (id == null) MDC.remove(MDC_KEY); else MDC.put(MDC_KEY, id);
    }

    /** A well-formed id from a caller's header, or a new one (caller input is never trusted as-is). */
    static String accept(String header) {
        if (header != null && header.length() <= 100 && header.matches("[A-Za-z0-9._:-]+")) return header;
        return UUID.randomUUID().toString();
    }

    public static <T> T with(String id, Supplier<T> work) {
        String previous = current();
        set(id != null ? id : UUID.randomUUID().toString());
        try {
            return work.get();
        } finally {
            set(previous);
        }
    }
}
