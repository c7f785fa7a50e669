package uk.npq.registration.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.BulkUpload;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Roles;
import uk.npq.registration.domain.ApplicationImportRules;
import uk.npq.registration.service.ApplicationImport;

/**
 * POST /api/v1/admin/imports/applications: the admin's import of existing records (a migration of the DfE's NPQ
 * records): up to 5,000 rows per JSON request, or a streamed NDJSON or CSV file of any size; each a person and one
 * application the lead provider has accepted, keyed by
 * the DfE's ids. All or nothing; re-sending a batch changes nothing and says so (see {@link ApplicationImport}).
 */
@Path("/api/v1/admin/imports/applications")
@RolesAllowed(Roles.ADMIN)
public class ApplicationImportResource {
    static final String TYPE = "application-import";

    /** A streamed upload is one transaction: all or nothing, however large the file. */
    static final Duration STREAM_TIMEOUT = Duration.ofHours(1);

    @Inject RequestReader reader;
    @Inject EntityManager em;
    @Inject ObjectMapper mapper;
    @Inject ApplicationImport imports;

    public record Upload(List<JsonNode> rows) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Result(int rowsRead, int imported, int unchanged, int participantsCreated) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response importRows(String body) {
        Upload upload = reader.attributes(body, TYPE, Upload.class);
        if (upload.rows() == null || upload.rows().isEmpty()) throw Problems.unprocessable("rows", "Enter '#/rows': the list of records to import.");
        if (upload.rows().size() > ApplicationImport.MAX_ROWS)
            throw Problems.unprocessable("rows", "At most " + ApplicationImport.MAX_ROWS + " rows per request: send the records in batches.");
        List<ApplicationImport.Sent> rows = new ArrayList<>();
        for (int i = 0; i < upload.rows().size(); i++) rows.add(read("rows[" + i + "]", upload.rows().get(i)));
        ApplicationImport.Outcome o = imports.importRows(rows);
        return Response.ok(Envelope.of(null, TYPE, new Result(o.rowsRead(), o.imported(), o.unchanged(), o.participantsCreated())))
                .header("Cache-Control", "no-store").build();
    }

    /**
     * The same import from a streamed file of any size: NDJSON (one row object a line) or CSV (a header row of the rows'
     * field names), see {@link BulkUpload}. Read record by record and imported ApplicationImport.MAX_ROWS rows at a time, all in
     * one transaction: a refused row (titled by its line) refuses the whole file and nothing is written.
     */
    @POST
    @Consumes({BulkUpload.NDJSON, BulkUpload.CSV})
    @Produces(MediaType.APPLICATION_JSON)
    public Response importStream(InputStream body, @Context HttpHeaders headers) {
        ApplicationImport.Outcome o = QuarkusTransaction.requiringNew().timeout((int) STREAM_TIMEOUT.toSeconds()).call(() -> {
            ApplicationImport.Outcome[] sum = {new ApplicationImport.Outcome(0, 0, 0, 0)};
            BulkUpload.read(body, headers.getMediaType(), ApplicationImportRules.Row.class, mapper, ApplicationImport.MAX_ROWS, chunk -> {
                List<ApplicationImport.Sent> rows = new ArrayList<>(chunk.size());
                for (BulkUpload.Row r : chunk)
                    rows.add(r.unreadable() != null ? new ApplicationImport.Sent(r.label(), null, r.unreadable()) : read(r.label(), r.json()));
                ApplicationImport.Outcome a = sum[0], b = imports.importRows(rows);
                sum[0] = new ApplicationImport.Outcome(a.rowsRead() + b.rowsRead(), a.imported() + b.imported(), a.unchanged() + b.unchanged(), a.participantsCreated() + b.participantsCreated());
                em.flush();
                em.clear(); // the chunk's outbox entities are written: the next chunk starts with an empty context
            });
            return sum[0];
        });
        return Response.ok(Envelope.of(null, TYPE, new Result(o.rowsRead(), o.imported(), o.unchanged(), o.participantsCreated())))
                .header("Cache-Control", "no-store").build();
    }

    /** A row read as typed (text is text, true/false is a boolean); a value of another JSON type refuses the row, naming the field. */
    private ApplicationImport.Sent read(String label, JsonNode node) {
        if (node == null || !node.isObject()) return new ApplicationImport.Sent(label, null, "must be an object (one record)");
        try {
            return new ApplicationImport.Sent(label, mapper.treeToValue(node, ApplicationImportRules.Row.class), null);
        } catch (JsonMappingException e) {
            String field = "";
            for (JsonMappingException.Reference r : e.getPath()) if (r.getFieldName() != null) field = r.getFieldName();
            return new ApplicationImport.Sent(label, null, (field.isEmpty() ? "the record" : field) + ": has a value of the wrong JSON type");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return new ApplicationImport.Sent(label, null, "could not be read");
        }
    }
}
