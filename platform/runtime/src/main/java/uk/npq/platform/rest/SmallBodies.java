package uk.npq.platform.rest;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A small JSON request body (a declared Content-Length of at most {@link #MAX_BYTES}) is read whole on the event loop before the
 * request reaches its endpoint. Every endpoint of the services is blocking (it runs on a worker thread), and Quarkus REST reads
 * a blocking endpoint's body on the worker from a stream the event loop feeds chunk by chunk, the two threads meeting on the
 * connection's monitor for each chunk and at the end (issue 16: JFR of engagement during declaration POSTs put ~12% of all its
 * samples there, the event loop waiting for that monitor). With the body already read, Quarkus REST hands the endpoint the bytes
 * without that exchange ({@code VertxResteasyReactiveRequestContext.createInputStream}). The bytes are the same either way.
 *
 * <p>Left as they were: bodies without a Content-Length (chunked), larger ones, and other media types (the NDJSON and CSV
 * imports stream their uploads row by row and must not be held in memory whole). This suits blocking endpoints only: a
 * non-blocking (Uni) endpoint with a body would find the request already read; the services have none.
 */
@ApplicationScoped
public class SmallBodies {
    /** Well above a declaration or an application (~0.5 KB), well below anything worth streaming. */
    public static final long MAX_BYTES = 64 * 1024;

    void install(@Observes Router router) {
        BodyHandler read = BodyHandler.create(false).setBodyLimit(MAX_BYTES);
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(rc -> {
            if (small(rc.request())) read.handle(rc);
            else rc.next();
        });
    }

    static boolean small(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (length == null || type == null || length.isEmpty() || length.length() > 6) return false;
        if (!type.regionMatches(true, 0, "application/json", 0, 16)) return false;
        for (int i = 0; i < length.length(); i++) if (!Character.isDigit(length.charAt(i))) return false;
        long n = Long.parseLong(length);
        return n > 0 && n <= MAX_BYTES;
    }
}
