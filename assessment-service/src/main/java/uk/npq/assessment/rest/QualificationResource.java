package uk.npq.assessment.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.security.Roles;

/**
 * Qualifications by TRN (npq-domain.md e4): the passed outcomes of everyone holding that verified TRN, newest
 * first, without duplicates on (TRN, award date, NPQ). A pass stays listed after a later fail (a retake does
 * not undo a qualification); a pass whose completed declaration was voided since is not a qualification.
 * Also served at the Teacher Record System's paths.
 */
@Path("/api")
public class QualificationResource {
    @Inject EntityManager em;
    @Inject uk.npq.platform.projection.CourseCatalogue courses;

    public record Body(Data data) {}

    public record Data(String trn, List<Qualification> qualifications) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Qualification(LocalDate awardDate, String npqType) {}

    @GET
    @Path("/v1/qualifications/{trn}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.REPORTING, Roles.ADMIN})
    @Transactional
    public Body qualifications(@PathParam("trn") String trn) {
        if (!trn.matches("^[0-9]+$")) throw Problems.unprocessable("trn", "TRN must only contain numbers");
        if (trn.length() != 7) throw Problems.unprocessable("trn", "TRN is the wrong length (should be 7 characters)");
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT o.completion_date, o.course_identifier FROM participant_outcome o "
                + "JOIN candidate c ON c.application_id = o.application_id WHERE c.trn = ?1 AND o.state = 'passed' "
                + "AND NOT EXISTS (SELECT 1 FROM participant_outcome v WHERE v.declaration_id = o.declaration_id AND v.state = 'voided' "
                + "AND v.created_at > o.created_at) ORDER BY o.completion_date DESC, o.course_identifier").setParameter(1, trn).getResultList();
        Set<Qualification> unique = new LinkedHashSet<>();
        for (Object[] r : rows) {
            LocalDate awarded = r[0] instanceof Date d ? d.toLocalDate() : (LocalDate) r[0];
            unique.add(new Qualification(awarded, courses.shortCode((String) r[1]).orElse((String) r[1])));
        }
        return new Body(new Data(trn, new ArrayList<>(unique)));
    }

    @GET
    @Path("/teacher-record-service/v1/qualifications/{trn}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.REPORTING, Roles.ADMIN})
    public Body teacherRecordService(@PathParam("trn") String trn) {
        return qualifications(trn);
    }

    @GET
    @Path("/teacher-record-service/v1/npq-qualifications/{trn}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.REPORTING, Roles.ADMIN})
    public Body teacherRecordServiceNpq(@PathParam("trn") String trn) {
        return qualifications(trn);
    }
}
