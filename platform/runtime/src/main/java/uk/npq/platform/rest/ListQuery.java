package uk.npq.platform.rest;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import uk.npq.platform.problem.Problems;

/**
 * The DfE v3 list parameters (npq-domain.md g1) read and checked once, with the DfE error texts:
 * filter[...] (a hash), page[page] and page[per_page] (default 1 and 100, capped at 3000), sort
 * (created_at, updated_at, each with an optional '-', comma-combinable, unknown fields ignored), and our
 * page[cursor]: a position in the list's change feed (platform persistence.ChangeFeed), empty for its start, for
 * syncs that neither skip nor repeat a change while transactions commit in any order.
 */
public record ListQuery(int page, int perPage, List<String> sort, Optional<Instant> updatedSince,
                        List<String> cohortYears, List<UUID> participantIds, Optional<Cursor> cursor,
                        Optional<String> trainingStatus, Optional<UUID> fromParticipantId, Optional<Instant> createdSince) {
    static final List<String> TRAINING_STATUSES = List.of("active", "deferred", "withdrawn");
    public static final int MAX_PER_PAGE = 3000;
    static final String PAGE_ERROR = "The '#/page[page]' and '#/page[per_page]' parameter values must be a valid positive number";
    static final Set<String> SORTABLE = Set.of("created_at", "updated_at");

    /**
     * A position in a change feed (platform persistence.ChangeFeed): after the row (change_xid, id). The empty
     * page[cursor] is the feed's start.
     */
    public record Cursor(long xid, UUID id) {
        public static final Cursor START = new Cursor(0, new UUID(0, 0));
        static final String PREFIX = "f1.";

        public String encode() {
            return PREFIX + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((xid + "." + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String value) {
            if (value.isBlank()) return START;
            try {
                if (!value.startsWith(PREFIX)) throw new IllegalArgumentException("not a feed cursor");
                String[] parts = new String(Base64.getUrlDecoder().decode(value.substring(PREFIX.length())), StandardCharsets.UTF_8)
                        .split("\\.", -1);
                if (parts.length != 2) throw new IllegalArgumentException("not a feed cursor");
                long xid = Long.parseLong(parts[0]);
                if (xid < 0) throw new IllegalArgumentException("not a feed position");
                return new Cursor(xid, UUID.fromString(parts[1]));
            } catch (RuntimeException e) {
                throw Problems.badRequest("page[cursor]", "The '#/page[cursor]' is not a cursor this API gave out");
            }
        }
    }

    public static ListQuery of(MultivaluedMap<String, String> params) {
        for (String key : params.keySet()) {
            if (key.equals("filter")) throw Problems.badRequest("'#/filter' is not a valid field");
        }
        int page = positive(params.getFirst("page[page]"), 1);
        int perPage = Math.min(positive(params.getFirst("page[per_page]"), 100), MAX_PER_PAGE);
        List<String> sort = new ArrayList<>();
        String sortParam = params.getFirst("sort");
        if (sortParam != null) {
            for (String s : sortParam.split(",")) {
                String field = s.strip().startsWith("-") ? s.strip().substring(1) : s.strip();
                if (SORTABLE.contains(field)) sort.add(s.strip());
            }
        }
        Optional<Instant> since = Optional.ofNullable(params.getFirst("filter[updated_since]")).map(v -> instant(v, "updated_since"));
        Optional<Instant> createdSince = Optional.ofNullable(params.getFirst("filter[created_since]")).map(v -> instant(v, "created_since"));
        List<String> years = new ArrayList<>();
        String cohort = params.getFirst("filter[cohort]");
        if (cohort != null) {
            for (String y : cohort.split(",")) {
                String year = y.strip();
                if (!year.matches("^20[0-9]{2}$")) throw Problems.badRequest("The filter '#/cohort' must be a comma-separated list of start years, e.g. 2025,2026");
                years.add(year);
            }
        }
        List<UUID> participants = new ArrayList<>();
        String participantParam = params.getFirst("filter[participant_id]");
        if (participantParam != null) {
            for (String p : participantParam.split(",")) {
                try {
                    participants.add(UUID.fromString(p.strip()));
                } catch (IllegalArgumentException e) {
                    throw Problems.badRequest("The filter '#/participant_id' must be a comma-delimited list of valid UUIDs");
                }
            }
        }
        Optional<Cursor> cursor = Optional.ofNullable(params.getFirst("page[cursor]")).map(Cursor::decode);
        Optional<String> trainingStatus = Optional.ofNullable(params.getFirst("filter[training_status]")).map(String::strip)
                .filter(t -> !t.isEmpty());
        if (trainingStatus.isPresent() && !TRAINING_STATUSES.contains(trainingStatus.get())) {
            throw Problems.unprocessable("Unpermitted parameters",
                    "The filter '#/training_status' must be [\"active\", \"deferred\", \"withdrawn\"]");
        }
        // an id that is no UUID cannot have been retired: an empty page, as the DfE API answers
        Optional<UUID> from = Optional.ofNullable(params.getFirst("filter[from_participant_id]")).map(String::strip)
                .filter(f -> !f.isEmpty()).map(f -> {
                    try {
                        return UUID.fromString(f);
                    } catch (IllegalArgumentException e) {
                        return new UUID(0, 0);
                    }
                });
        return new ListQuery(page, perPage, sort, since, years, participants, cursor, trainingStatus, from, createdSince);
    }

    private static int positive(String value, int fallback) {
        if (value == null) return fallback;
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 1) throw Problems.badRequest(PAGE_ERROR);
            return n;
        } catch (NumberFormatException e) {
            throw Problems.badRequest(PAGE_ERROR);
        }
    }

    /** ISO 8601 date or date-time; a '+' that arrived as a space (not encoded as %2B) is read as '+'. */
    private static Instant instant(String value, String filter) {
        String v = value.strip().replace(' ', '+');
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw Problems.badRequest("The filter '#/" + filter + "' must be a valid ISO 8601 date");
            }
        }
    }

    /**
     * The response of a list. A page read by page[cursor] (the change feed) carries the cursor to continue from in
     * X-Next-Cursor, always: after the page's last row, or the request's own cursor when the page is empty (nothing
     * new yet; ask again later from the same place). When the page is full a Link rel="next" header also says that
     * more may follow now. A page by page number carries neither: its order is not the feed's.
     */
    public static Response withNextCursor(Response.ResponseBuilder response, UriInfo uri, ListQuery q, int size, Cursor last) {
        response.header("Cache-Control", "no-store");
        if (q.cursor().isEmpty()) return response.build();
        String cursor = (last == null ? q.cursor().get() : last).encode();
        response.header("X-Next-Cursor", cursor);
        if (size == q.perPage() && last != null) {
            var next = uri.getRequestUriBuilder().replaceQueryParam("page[page]").replaceQueryParam("sort")
                    .replaceQueryParam("page[cursor]", cursor).build();
            response.header("Link", "<" + next + ">; rel=\"next\"");
        }
        return response.build();
    }
}
