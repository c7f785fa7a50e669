package uk.npq.assessment.repository;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import uk.npq.assessment.domain.Eligibility;

/**
 * Read-only view of the candidate projection (filled from registration's and engagement's events) for windows,
 * submissions and marking: who a candidate is, whose they are (lead provider, hub, school) and whether they may sit.
 */
@ApplicationScoped
public class Candidates {
    static final String COLUMNS = "c.application_id, c.participant_id, c.lead_provider_id, c.course_identifier, c.cohort, "
            + "c.status, c.training_status, c.school_urn, c.delivery_partner_id, c.meets_threshold, c.at_risk";
    /** The candidate of a window's course and cohort with its lead provider. */
    static final String OF_WINDOW = "c.lead_provider_id = w.lead_provider_id AND c.course_identifier = w.course_identifier "
            + "AND c.cohort = w.cohort";

    public record Facts(UUID applicationId, UUID participantId, UUID leadProviderId, String courseIdentifier, String cohort,
                        String status, String trainingStatus, String schoolUrn, UUID deliveryPartnerId, Boolean meetsThreshold,
                        Boolean atRisk) {
        public Eligibility.Facts eligibility() {
            return new Eligibility.Facts(status, trainingStatus, meetsThreshold, atRisk);
        }
    }

    /** Who reads: a lead provider (and its markers and moderators), a participant, a hub or a school, by their claim. */
    public record Reader(Kind kind, Object value) {
        public enum Kind { LEAD_PROVIDER, PARTICIPANT, HUB, SCHOOL }

        /** The SQL condition on candidate {@code c} that makes it the reader's (lead providers: any). */
        String candidateCondition() {
            return switch (kind) {
                case LEAD_PROVIDER -> "c.lead_provider_id = :reader";
                case PARTICIPANT -> "c.participant_id = :reader";
                case HUB -> "c.delivery_partner_id = :reader";
                case SCHOOL -> "c.school_urn = :reader";
            };
        }
    }

    public Optional<Facts> byApplication(UUID applicationId) {
        return list("SELECT " + COLUMNS + " FROM candidate c WHERE c.application_id = :id", q -> q.setParameter("id", applicationId))
                .stream().findFirst();
    }

    /** The participant's candidacy for a window (accepted first, then the latest). */
    public Optional<Facts> forWindow(UUID participantId, AssessmentWindow w) {
        return list("SELECT " + COLUMNS + " FROM candidate c WHERE c.participant_id = :p AND c.lead_provider_id = :lp "
                + "AND c.course_identifier = :course AND c.cohort = :cohort "
                + "ORDER BY (c.status = 'accepted') DESC, c.accepted_at DESC NULLS LAST, c.application_id", q -> q
                .setParameter("p", participantId).setParameter("lp", w.leadProviderId).setParameter("course", w.courseIdentifier)
                .setParameter("cohort", w.cohort)).stream().findFirst();
    }

    /** The windows a reader may see: a lead provider its own; others those of a course and cohort they are accepted on. */
    public List<AssessmentWindow> windows(Reader reader, String course, String cohort) {
        return select(AssessmentWindow.class, "SELECT w.* FROM assessment_window w WHERE "
                + (reader.kind() == Reader.Kind.LEAD_PROVIDER ? "w.lead_provider_id = :reader"
                : "EXISTS (SELECT 1 FROM candidate c WHERE " + OF_WINDOW + " AND c.status = 'accepted' AND " + reader.candidateCondition() + ")"),
                reader, filters("w.course_identifier", course, "w.cohort", cohort), "w.first_day, w.course_identifier, w.id");
    }

    /** The submissions a reader may see (a lead provider: its own; a participant, hub: their candidates'), oldest first. */
    public List<Submission> submissions(Reader reader, UUID window, UUID participant) {
        return select(Submission.class, "SELECT s.* FROM submission s JOIN candidate c ON c.application_id = s.application_id WHERE "
                + (reader.kind() == Reader.Kind.LEAD_PROVIDER ? "s.lead_provider_id = :reader" : reader.candidateCondition()),
                reader, filters("s.window_id", window, "c.participant_id", participant), "s.first_submitted_at, s.id");
    }

    /** Column = value conditions for the values given (null: no condition). */
    private static Map<String, Object> filters(String column, Object value, String otherColumn, Object otherValue) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (value != null) out.put(column, value);
        if (otherValue != null) out.put(otherColumn, otherValue);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> select(Class<T> type, String sql, Reader reader, Map<String, Object> filters, String order) {
        StringBuilder where = new StringBuilder(sql);
        int i = 0;
        for (String column : filters.keySet()) where.append(" AND ").append(column).append(" = :f").append(i++);
        Query q = Panache.getEntityManager().createNativeQuery(where + " ORDER BY " + order, type).setParameter("reader", reader.value());
        i = 0;
        for (Object value : filters.values()) q.setParameter("f" + i++, value);
        return q.getResultList();
    }

    /** Whether the reader may see the candidate behind a submission or window (lead providers are checked by the caller). */
    public boolean readerOf(Reader reader, UUID applicationId) {
        return !Panache.getEntityManager().createNativeQuery("SELECT 1 FROM candidate c WHERE c.application_id = :id AND "
                + reader.candidateCondition()).setParameter("id", applicationId).setParameter("reader", reader.value())
                .getResultList().isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<Facts> list(String sql, java.util.function.UnaryOperator<Query> params) {
        List<Object[]> rows = params.apply(Panache.getEntityManager().createNativeQuery(sql)).getResultList();
        return rows.stream().map(r -> new Facts((UUID) r[0], (UUID) r[1], (UUID) r[2], (String) r[3], (String) r[4], (String) r[5],
                (String) r[6], (String) r[7], (UUID) r[8], (Boolean) r[9], (Boolean) r[10])).toList();
    }
}
