package uk.npq.assessment.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Submissions and what hangs off them: extensions, marks, moderations, appeals and the history of results. */
@ApplicationScoped
public class SubmissionRepository implements PanacheRepositoryBase<Submission, UUID> {

    public Optional<Submission> of(UUID window, UUID application) {
        return find("windowId = ?1 and applicationId = ?2", window, application).firstResultOptional();
    }

    /** A candidate's attempts, first to last. */
    public List<Submission> attempts(UUID application) {
        return list("applicationId = ?1 order by attempt", application);
    }

    /** The extension in force for a candidate and window: the latest granted. */
    public Optional<Extension> extension(UUID window, UUID application) {
        return getEntityManager().createQuery("from Extension where windowId = ?1 and applicationId = ?2 order by grantedAt desc, id",
                Extension.class).setParameter(1, window).setParameter(2, application).setMaxResults(1).getResultStream().findFirst();
    }

    public List<Extension> extensions(UUID window) {
        return getEntityManager().createQuery("from Extension where windowId = ?1 order by grantedAt, id", Extension.class)
                .setParameter(1, window).getResultList();
    }

    public Mark mark(UUID submission) {
        return getEntityManager().find(Mark.class, submission);
    }

    public Moderation moderation(UUID submission) {
        return getEntityManager().find(Moderation.class, submission);
    }

    public List<Appeal> appeals(UUID submission) {
        return getEntityManager().createQuery("from Appeal where submissionId = ?1 order by decidedAt, id", Appeal.class)
                .setParameter(1, submission).getResultList();
    }

    public List<AssessmentResult> results(UUID submission) {
        return getEntityManager().createQuery("from AssessmentResult where submissionId = ?1 order by decidedAt, id", AssessmentResult.class)
                .setParameter(1, submission).getResultList();
    }

    public void add(Object entity) {
        getEntityManager().persist(entity);
    }

    /** Serialises the writes of one key (a candidate, a lead provider's course and cohort) until the transaction ends. */
    public void lock(String key) {
        getEntityManager().createNativeQuery("SELECT CAST(pg_advisory_xact_lock(6, hashtext(:key)) AS text)").setParameter("key", key).getSingleResult();
    }
}
