package uk.npq.platform.lifecycle;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The service has been told to stop (SIGTERM). Quarkus's graceful shutdown ({@code quarkus.shutdown.timeout}) waits for the
 * requests in flight, but keeps taking new ones while it waits (it only closes each HTTP/1.1 connection after its next
 * answer), so behind the edge's steady stream it never saw zero requests, waited the whole timeout and then cut the requests
 * in flight (deploy/faults, fault "sigterm"). From the signal on:
 * <ul>
 * <li>a new request is answered at once 503 problem+json with {@code Retry-After} and {@code Connection: close}; the
 * requests already in flight finish, so the graceful shutdown ends as soon
 * as they have (the application's routes; /q/health is served apart and is not affected);</li>
 * <li>no further event batch is applied, acknowledged or dead-lettered ({@code inbox.Inbox}): the consumer stops consuming
 * before the service exits, and the next consumer of the partition gets the events again.</li>
 * </ul>
 * The flag is set by a JVM shutdown hook (SIGTERM starts it at once, beside Quarkus's own) and, for a stop without a signal,
 * by Quarkus's ShutdownEvent.
 */
@ApplicationScoped
public class Stopping {
    private static final Logger LOG = Logger.getLogger(Stopping.class);
    private static volatile boolean stopping;

    static final String BODY = "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
            + "\"detail\":\"This instance of the service is stopping, so this request changed nothing. Send it again.\","
            + "\"errors\":[{\"title\":\"Service Unavailable\",\"detail\":\"This instance of the service is stopping. Send the request again.\"}]}";

    /** True once the service has been told to stop. */
    public static boolean now() {
        return stopping;
    }

    /** Tests only: what the signal sets. */
    public static void set(boolean value) {
        stopping = value;
    }

    void onStart(@Observes StartupEvent event) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!stopping) LOG.info("stopping: new requests are answered 503, no further event batch is taken");
            stopping = true;
        }, "npq-stopping"));
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT - 1).handler(rc -> {
            if (!stopping) {
                rc.next();
                return;
            }
            rc.response().setStatusCode(503)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                    .putHeader("Retry-After", "1")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(BODY);
        });
    }
}
