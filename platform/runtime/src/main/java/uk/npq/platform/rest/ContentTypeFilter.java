package uk.npq.platform.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import uk.npq.platform.problem.Problems;

/**
 * A request body must come in a media type its endpoint reads, else 415 problem+json before anything is read: an
 * endpoint reads what its {@code @Consumes} (method, else class) declares, and without one application/json, the
 * media type of every JSON endpoint of this API. A body without a Content-Type, or JSON sent as text/plain, is
 * refused rather than guessed at. CSV uploads declare text/csv and text/plain and keep taking them. A request
 * without a body (a POST that takes none, e.g. reject) is not checked.
 */
public class ContentTypeFilter {
    public static final String DETAIL = "The request body must be sent with the media type this endpoint reads";
    private static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON_TYPE);

    private final Map<Method, List<MediaType>> consumed = new ConcurrentHashMap<>();

    @ServerRequestFilter
    public void requireReadableBody(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null || !hasBody(request)) return;
        List<MediaType> accepted = consumed.computeIfAbsent(method, ContentTypeFilter::consumes);
        MediaType sent = request.getMediaType();
        if (sent == null || accepted.stream().noneMatch(a -> a.isCompatible(sent) && !sent.isWildcardType() && !sent.isWildcardSubtype())) {
            throw Problems.unsupportedMediaType(DETAIL + " (" + accepted.stream().map(m -> m.getType() + "/" + m.getSubtype())
                    .collect(Collectors.joining(" or ")) + ")" + (sent == null ? "; none was given" : ", not " + sent.getType() + "/" + sent.getSubtype()));
        }
    }

    /** A body is coming: a Content-Length above 0, or a body of unknown length (chunked). */
    static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                return Long.parseLong(length.strip()) > 0;
            } catch (NumberFormatException e) {
                return true;
            }
        }
        return request.getHeaderString("Transfer-Encoding") != null;
    }

    private static List<MediaType> consumes(Method method) {
        Consumes consumes = method.getAnnotation(Consumes.class);
        if (consumes == null) consumes = method.getDeclaringClass().getAnnotation(Consumes.class);
        if (consumes == null) return JSON;
        return Arrays.stream(consumes.value()).flatMap(v -> Arrays.stream(v.split(","))).map(String::strip)
                .map(MediaType::valueOf).toList();
    }
}
