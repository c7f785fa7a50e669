package uk.npq.engagement.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import uk.npq.engagement.service.AttendanceUploads;
import uk.npq.engagement.service.AttendanceUploads.RawRow;
import uk.npq.engagement.service.DerivedDeclarations;
import uk.npq.platform.csv.Csv;
import uk.npq.platform.idempotency.Idempotency;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/**
 * POST /api/v1/attendance: a hub records attendance in bulk, as JSON ({@code rows}) or as CSV with the columns
 * participant_id, session_id, attended, minutes. All or nothing; safe to send again; Idempotency-Key honoured.
 */
@Path("/api/v1/attendance")
@RolesAllowed(Roles.DELIVERY_PARTNER)
public class AttendanceResource {
    static final String TYPE = "attendance-upload";
    static final String PATH = "/api/v1/attendance";
    static final List<String> REQUIRED_COLUMNS = List.of("participant_id", "session_id", "attended");

    @Inject AttendanceUploads uploads;
    @Inject RequestReader reader;
    @Inject Caller caller;
    @Inject Idempotency idempotency;
    @Inject DerivedDeclarations derived;

    public record Upload(List<JsonNode> rows) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(int rows, int created, int updated, int unchanged, int participants) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response json(String body, @HeaderParam(Idempotency.HEADER) String key) {
        Upload upload = reader.attributes(body, TYPE, Upload.class);
        if (upload.rows() == null) throw Problems.unprocessable("rows", "Enter '#/rows': the list of attendance rows.");
        List<RawRow> rows = new ArrayList<>();
        for (int i = 0; i < upload.rows().size(); i++) {
            JsonNode r = upload.rows().get(i);
            String label = "rows[" + i + "]";
            if (r == null || !r.isObject()) {
                rows.add(RawRow.unreadable(label, "must be an object with participant_id, session_id, attended and minutes"));
            } else {
                rows.add(typed(label, r));
            }
        }
        return record(rows, body, key);
    }

    @POST
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Response csv(byte[] body, @HeaderParam(Idempotency.HEADER) String key) {
        if (body == null || body.length == 0) throw Problems.badRequest("The upload is empty: send the CSV as the request body.");
        String text = Csv.decode(body);
        Csv csv = Csv.parse(text);
        List<String> missing = REQUIRED_COLUMNS.stream().filter(c -> !csv.hasColumn(c)).toList();
        if (!missing.isEmpty()) {
            throw Problems.unprocessable("header", "The first line must name the columns participant_id, session_id, attended and "
                    + "(for live sessions) minutes; missing: " + String.join(", ", missing) + ".");
        }
        List<RawRow> rows = new ArrayList<>();
        for (Csv.Row r : csv.rows()) {
            String label = "line " + r.line;
            if (r.malformed()) {
                rows.add(RawRow.unreadable(label, "has " + r.fieldCount() + " fields where the header has " + r.headerSize()));
            } else {
                rows.add(new RawRow(label, r.get("participant_id").orElse(null), r.get("session_id").orElse(null),
                        r.get("attended").orElse(null), r.get("minutes").orElse(null), null));
            }
        }
        return record(rows, text, key);
    }

    private Response record(List<RawRow> rows, String body, String key) {
        var hub = caller.deliveryPartnerId().orElseThrow(() -> Problems.forbidden("Your token names no delivery partner"));
        var leadProvider = caller.requireLeadProvider();
        List<UUID> derivations = new ArrayList<>();
        Response response = idempotency.execute(key, caller.subject(), "POST", PATH, body, () -> {
            AttendanceUploads.Result r = uploads.upload(rows, hub, leadProvider);
            derivations.addAll(r.derivationsClaimed());
            return Response.ok(Envelope.of(r.uploadId().toString(), TYPE,
                    new Result(r.rows(), r.created(), r.updated(), r.unchanged(), r.participants()))).build();
        });
        // the upload has committed: a started declaration derived from it is submitted now, and a refusal is recorded
        // (never failing the upload); what cannot be submitted now stays pending for the derivation job
        derived.process(derivations);
        return response;
    }

    /**
     * A JSON row read as typed, never coerced (as the platform reads all JSON): ids are strings, attended a JSON boolean,
     * minutes a whole number; a row with a value of another JSON type is refused naming it (1 is not true, "55" not 55).
     * A CSV row is text throughout, and its text is read by AttendanceRules.
     */
    private static RawRow typed(String label, JsonNode row) {
        List<String> wrong = new ArrayList<>();
        JsonNode participant = row.get("participant_id"), session = row.get("session_id"), attended = row.get("attended"),
                minutes = row.get("minutes");
        if (present(participant) && !participant.isTextual()) wrong.add("participant_id: must be a string");
        if (present(session) && !session.isTextual()) wrong.add("session_id: must be a string");
        if (present(attended) && !attended.isBoolean()) wrong.add("attended: must be true or false");
        if (present(minutes) && !minutes.isIntegralNumber()) wrong.add("minutes: must be a whole number");
        if (!wrong.isEmpty()) return RawRow.unreadable(label, String.join("; ", wrong));
        return new RawRow(label, text(participant), text(session), text(attended), text(minutes), null);
    }

    private static boolean present(JsonNode v) {
        return v != null && !v.isNull();
    }

    private static String text(JsonNode v) {
        return present(v) ? v.asText() : null;
    }
}
