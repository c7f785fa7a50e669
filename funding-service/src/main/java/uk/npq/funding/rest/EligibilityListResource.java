package uk.npq.funding.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import uk.npq.funding.service.EligibilityLists;
import uk.npq.funding.service.EligibilityLists.IfMatch;
import uk.npq.funding.service.ImportResult;
import uk.npq.funding.service.ReferenceDataService;
import uk.npq.platform.csv.Csv;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.InvalidRows;
import uk.npq.platform.rest.ListEnvelope;
import uk.npq.platform.rest.ListQuery;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/**
 * /api/v1/reference/eligibility-lists: the lists the funding decision reads, versioned. Every change is a new
 * version and every version stays readable (a stored decision names the versions it saw). Reads carry the version as
 * a strong ETag ({@code "7"}); changes honour If-Match (412 when stale, nothing written). A replacement (PUT) of a list
 * that already has a version needs If-Match (428 without; {@code *} replaces whatever is current on purpose); adding
 * or removing one entry does not, since it cannot undo another admin's change, but honours it when sent.
 */
@Path("/api/v1/reference/eligibility-lists")
@RolesAllowed(Roles.ADMIN)
public class EligibilityListResource {
    static final String ENTRY = "eligibility-list-entry";
    static final String CHANGE = "eligibility-list-change";
    static final String VERSION = "eligibility-list-version";

    @Inject ReferenceDataService reference;
    @Inject EligibilityLists lists;
    @Inject RequestReader reader;
    @Inject Caller caller;
    @Context UriInfo uri;
    @Context HttpHeaders headers;

    public record EntryBody(@JsonProperty("identifier") String identifier) {}

    /** The current version of every list (a list never uploaded is version 0: empty). */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.FINANCE, Roles.REPORTING})
    @Transactional
    public Envelope<Map<String, Integer>> listVersions() {
        return Envelope.of(null, "eligibility-list-versions", reference.currentListVersions());
    }

    /** Replaces a list with a new version: one identifier a line, or a CSV with a URN/UKPRN/identifier column. */
    @PUT
    @Path("/{type}")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("type") String type, byte[] body, @QueryParam("on_invalid_rows") String onInvalid,
                            @HeaderParam("If-Match") String ifMatch) {
        boolean skip = InvalidRows.skip(onInvalid);
        if (body == null || body.length == 0) throw Problems.badRequest("The upload is empty: send the file as the request body.");
        String text = Csv.decode(body);
        IfMatch precondition = IfMatch.parse(ifMatch);
        ImportResult result = reference.importEligibilityList(type, text, skip, caller.subject(), precondition, true);
        return Response.ok(Envelope.of(null, ReferenceDataResource.TYPE, result)).tag(etag(result.version())).build();
    }

    /** The current entries, in identifier order: a page of JSON, or the whole list as CSV (Accept: text/csv). */
    @GET
    @Path("/{type}/entries")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @RolesAllowed({Roles.ADMIN, Roles.FINANCE, Roles.REPORTING})
    public Response current(@PathParam("type") String type) {
        ListQuery q = ListQuery.of(uri.getQueryParameters()); // the parameters are checked before anything is looked up
        EligibilityLists.requireType(type);
        return entries(type, lists.current(type), q);
    }

    /** A version's entries as they were, forever the same: a page of JSON, or CSV. */
    @GET
    @Path("/{type}/versions/{version}/entries")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @RolesAllowed({Roles.ADMIN, Roles.FINANCE, Roles.REPORTING})
    public Response version(@PathParam("type") String type, @PathParam("version") String version) {
        ListQuery q = ListQuery.of(uri.getQueryParameters());
        EligibilityLists.requireType(type);
        int v = versionNumber(version);
        if (!lists.exists(type, v)) throw Problems.notFound();
        return entries(type, v, q);
    }

    /** The versions of a list, newest first: which change made each, when and by whom, and its size. */
    @GET
    @Path("/{type}/versions")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.FINANCE, Roles.REPORTING})
    public Response versions(@PathParam("type") String type) {
        ListQuery q = ListQuery.of(uri.getQueryParameters());
        EligibilityLists.requireType(type);
        var data = lists.versions(type, (q.page() - 1) * q.perPage(), q.perPage()).stream()
                .map(m -> new Envelope.Data<>(type + "/" + m.get("version"), VERSION, m)).toList();
        return Response.ok(new ListEnvelope<>(data)).header("Cache-Control", "no-store").tag(etag(lists.current(type))).build();
    }

    /** One entry of the current version: 404 when the identifier is not on the list. */
    @GET
    @Path("/{type}/entries/{identifier}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.FINANCE, Roles.REPORTING})
    public Response entry(@PathParam("type") String type, @PathParam("identifier") String identifier) {
        EligibilityLists.requireType(type);
        int current = lists.current(type);
        EligibilityLists.Entry e = lists.currentEntry(type, identifier.strip().toUpperCase());
        if (e == null) throw Problems.notFound();
        return Response.ok(Envelope.of(e.identifier(), ENTRY, entryAttributes(type, current, e))).tag(etag(current)).build();
    }

    /** Adds one entry as a new version (201); one already on the list changes nothing (200, the version stays). */
    @POST
    @Path("/{type}/entries")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response add(@PathParam("type") String type, String body, @HeaderParam("If-Match") String ifMatch) {
        EntryBody b = reader.attributes(body, ENTRY, EntryBody.class);
        EligibilityLists.requireType(type);
        String id = b.identifier() == null ? "" : b.identifier().strip().toUpperCase();
        if (id.isEmpty()) throw Problems.unprocessable("identifier", "Enter an '#/identifier'.");
        if (!EligibilityLists.pattern(type).matcher(id).matches()) {
            throw Problems.unprocessable("identifier", "The '#/identifier' " + b.identifier() + " is not a valid identifier for the list " + type + ".");
        }
        IfMatch precondition = IfMatch.parse(ifMatch);
        EligibilityLists.Change c = lists.add(type, id, caller.subject(), precondition);
        return Response.status(c.applied() ? Response.Status.CREATED : Response.Status.OK).entity(change(c)).tag(etag(c.version())).build();
    }

    /** Removes one entry as a new version; an identifier not on the list is a 404. */
    @DELETE
    @Path("/{type}/entries/{identifier}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response remove(@PathParam("type") String type, @PathParam("identifier") String identifier,
                           @HeaderParam("If-Match") String ifMatch) {
        EligibilityLists.requireType(type);
        IfMatch precondition = IfMatch.parse(ifMatch);
        String id = identifier.strip().toUpperCase();
        if (!EligibilityLists.pattern(type).matcher(id).matches()) throw Problems.notFound();
        EligibilityLists.Change c = lists.remove(type, id, caller.subject(), precondition);
        return Response.ok(change(c)).tag(etag(c.version())).build();
    }

    private Response entries(String type, int version, ListQuery q) {
        jakarta.ws.rs.core.EntityTag tag = etag(version);
        if (wantsCsv()) {
            StreamingOutput body = out -> lists.csv(type, version, out);
            return Response.ok(body, "text/csv; charset=UTF-8").tag(tag)
                    .header("Content-Disposition", "attachment; filename=\"" + type + "-v" + version + ".csv\"").build();
        }
        var data = lists.entries(type, version, (q.page() - 1) * q.perPage(), q.perPage()).stream()
                .map(e -> new Envelope.Data<>(e.identifier(), ENTRY, entryAttributes(type, version, e))).toList();
        return Response.ok(new ListEnvelope<>(data)).header("Cache-Control", "no-store").tag(tag).build();
    }

    private static Map<String, Object> entryAttributes(String type, int version, EligibilityLists.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("identifier", e.identifier());
        m.put("list_type", type);
        m.put("version", version);
        m.put("added_in_version", e.addedInVersion());
        return m;
    }

    private static Envelope<Map<String, Object>> change(EligibilityLists.Change c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("list_type", c.listType());
        m.put("version", c.version());
        m.put("applied", c.applied());
        m.put("change", c.change());
        m.put("identifier", c.identifier());
        m.put("entries", c.entries());
        return Envelope.of(c.listType() + "/" + c.version(), CHANGE, m);
    }

    /** CSV when the client prefers it (text/csv or text/*), JSON otherwise (application/json, * / *, no Accept). */
    private boolean wantsCsv() {
        for (MediaType m : headers.getAcceptableMediaTypes()) {
            if (m.isWildcardType()) return false;
            if (m.getType().equalsIgnoreCase("application") && (m.isWildcardSubtype() || m.getSubtype().equalsIgnoreCase("json"))) return false;
            if (m.getType().equalsIgnoreCase("text") && (m.isWildcardSubtype() || m.getSubtype().equalsIgnoreCase("csv"))) return true;
        }
        return false;
    }

    private static jakarta.ws.rs.core.EntityTag etag(Integer version) {
        return new jakarta.ws.rs.core.EntityTag(String.valueOf(version == null ? 0 : version));
    }

    /** A version in the path: a number that is no version is a 404 (as an unknown id is). */
    private static int versionNumber(String value) {
        if (value == null || !value.matches("^[0-9]{1,9}$")) throw Problems.notFound();
        return Integer.parseInt(value);
    }
}
