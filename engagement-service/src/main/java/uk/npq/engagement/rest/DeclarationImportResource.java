package uk.npq.engagement.rest;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import uk.npq.engagement.domain.DeclarationImportRules;
import uk.npq.engagement.service.DeclarationImport;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Roles;

/**
 * POST /api/v1/admin/imports/declarations: the admin's import of historic declarations (a migration of the DfE's
 * records), up to 5,000 rows per request, keyed by the DfE's declaration ids. All or nothing; re-sending a batch changes
 * nothing and says so (see {@link DeclarationImport}).
 */
@Path("/api/v1/admin/imports/declarations")
@RolesAllowed(Roles.ADMIN)
public class DeclarationImportResource {
    static final String TYPE = "declaration-import";

    @Inject RequestReader reader;
    @Inject ObjectMapper mapper;
    @Inject DeclarationImport imports;

    public record Upload(List<JsonNode> rows) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Result(int rowsRead, int imported, int unchanged) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response importRows(String body) {
        Upload upload = reader.attributes(body, TYPE, Upload.class);
        if (upload.rows() == null || upload.rows().isEmpty()) throw Problems.unprocessable("rows", "Enter '#/rows': the list of declarations to import.");
        if (upload.rows().size() > DeclarationImport.MAX_ROWS)
            throw Problems.unprocessable("rows", "At most " + DeclarationImport.MAX_ROWS + " rows per request: send the declarations in batches.");
        List<DeclarationImport.Sent> rows = new ArrayList<>();
        for (int i = 0; i < upload.rows().size(); i++) rows.add(read("rows[" + i + "]", upload.rows().get(i)));
        DeclarationImport.Outcome o = imports.importRows(rows);
        return Response.ok(Envelope.of(null, TYPE, new Result(o.rowsRead(), o.imported(), o.unchanged())))
                .header("Cache-Control", "no-store").build();
    }

    /** A row read as typed (text is text, true/false is a boolean); a value of another JSON type refuses the row, naming the field. */
    private DeclarationImport.Sent read(String label, JsonNode node) {
        if (node == null || !node.isObject()) return new DeclarationImport.Sent(label, null, "must be an object (one declaration)");
        try {
            return new DeclarationImport.Sent(label, mapper.treeToValue(node, DeclarationImportRules.Row.class), null);
        } catch (JsonMappingException e) {
            String field = "";
            for (JsonMappingException.Reference r : e.getPath()) if (r.getFieldName() != null) field = r.getFieldName();
            return new DeclarationImport.Sent(label, null, (field.isEmpty() ? "the declaration" : field) + ": has a value of the wrong JSON type");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return new DeclarationImport.Sent(label, null, "could not be read");
        }
    }
}
