package uk.npq.platform.problem;

import io.quarkiverse.resteasy.problem.HttpProblem;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * RFC 9457 problem+json responses (rendered by the quarkiverse problem extension) that also carry an
 * {@code errors} member of DfE-style {@code {"title","detail"}} pairs, so clients of the DfE API and
 * problem+json clients both read them. Throw what these methods return.
 */
public final class Problems {
    public static final String STRUCTURE = "correct json data structure required. See API docs for reference";
    /** The DfE API's {@code error} member of every 401 body, kept beside the problem members. */
    public static final String UNAUTHORISED_ERROR = "HTTP Token: Access denied";
    /** The DfE API's {@code error} member of every 404 body, kept beside the problem members. */
    public static final String NOT_FOUND_ERROR = "Resource not found";

    private Problems() {}

    /**
     * Every problem the platform answers. A 401 or 404 also carries the DfE's {@code error} member ("HTTP Token:
     * Access denied", "Resource not found"), so DfE clients that read {@code error} keep working.
     */
    public static HttpProblem of(int status, String title, List<ApiError> errors) {
        String detail = errors.stream().map(ApiError::detail).collect(Collectors.joining(" "));
        HttpProblem.Builder builder = HttpProblem.builder().withStatus(status).withTitle(title)
                .withDetail(detail.isEmpty() ? null : detail)
                .with("errors", List.copyOf(errors));
        if (status == 401) builder.with("error", UNAUTHORISED_ERROR);
        if (status == 404) builder.with("error", NOT_FOUND_ERROR);
        return builder.build();
    }

    /** 422: the request is well-formed but its content breaks a rule; one error per attribute message. */
    public static HttpProblem unprocessable(List<ApiError> errors) {
        return of(422, "Unprocessable Entity", errors);
    }

    public static HttpProblem unprocessable(String attribute, String detail) {
        return unprocessable(List.of(new ApiError(attribute, detail)));
    }

    /** 400: the request cannot be read (not JSON, not the envelope, a bad parameter). */
    public static HttpProblem badRequest(String detail) {
        return of(400, "Bad Request", List.of(new ApiError("Bad request", detail)));
    }

    /**
     * 400 naming what cannot be read: a query, path or header parameter ({@code filter[cohort]}) or a body attribute
     * ({@code title}); the error's title is that name, as a 422's is the attribute.
     */
    public static HttpProblem badRequest(String name, String detail) {
        return of(400, "Bad Request", List.of(new ApiError(name, detail)));
    }

    /** 415: the body is not in a media type the endpoint reads (JSON endpoints read application/json only). */
    public static HttpProblem unsupportedMediaType(String detail) {
        return of(415, "Unsupported Media Type", List.of(new ApiError("Unsupported media type", detail)));
    }

    public static HttpProblem forbidden(String detail) {
        return of(403, "Forbidden", List.of(new ApiError("Forbidden", detail)));
    }

    public static HttpProblem notFound() {
        return of(404, "Not Found", List.of(new ApiError("Resource not found", "Resource not found")));
    }

    /**
     * 410 Gone for a participant id that a merge retired (DfE v3): {@code errors[0]} has the title "Participant ID has
     * been changed", a detail naming the replacement, and {@code participant_id_changes} (objects with
     * from_participant_id, to_participant_id and changed_at).
     */
    public static HttpProblem participantIdChanged(UUID from, UUID to, List<?> changes) {
        String detail = "The participant_id '" + from + "' has been replaced with '" + to + "'.";
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("title", "Participant ID has been changed");
        error.put("detail", detail);
        error.put("participant_id_changes", List.copyOf(changes));
        return HttpProblem.builder().withStatus(410).withTitle("Gone").withDetail(detail).with("errors", List.of(error)).build();
    }

    public static HttpProblem conflict(String title, String detail) {
        return of(409, "Conflict", List.of(new ApiError(title, detail)));
    }

    public static HttpProblem status(Response.Status status, String title, String detail) {
        return of(status.getStatusCode(), status.getReasonPhrase(), List.of(new ApiError(title, detail)));
    }

    /** Collects every error of a request before answering, so a client sees them all at once. */
    public static Errors errors() {
        return new Errors();
    }

    public static final class Errors {
        private final List<ApiError> errors = new ArrayList<>();

        public Errors add(String attribute, String detail) {
            errors.add(new ApiError(attribute, detail));
            return this;
        }

        public boolean isEmpty() {
            return errors.isEmpty();
        }

        /** Throws a 422 with every collected error, if there is one. */
        public void throwIfAny() {
            if (!errors.isEmpty()) throw unprocessable(errors);
        }
    }
}
