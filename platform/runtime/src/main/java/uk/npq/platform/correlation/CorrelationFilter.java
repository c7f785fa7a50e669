package uk.npq.platform.correlation;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Gives every request a correlation id and echoes it in the response. */
public class CorrelationFilter {

    @ServerRequestFilter(preMatching = true)
    public void onRequest(ContainerRequestContext request) {
        String id = Correlation.accept(request.getHeaderString(Correlation.HEADER));
        request.setProperty(Correlation.MDC_KEY, id);
        Correlation.set(id);
    }

    @ServerResponseFilter
    public void onResponse(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(Correlation.MDC_KEY);
        if (id != null) response.getHeaders().putSingle(Correlation.HEADER, id.toString());
        Correlation.set(null);
    }
}
