package uk.npq.assessment.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class AssessmentWindowRepository implements PanacheRepositoryBase<AssessmentWindow, UUID> {
    public List<AssessmentWindow> forLeadProvider(UUID leadProviderId) {
        return list("leadProviderId = ?1 order by firstDay, id", leadProviderId);
    }

    /** A lead provider's windows of one course and cohort, first to last. */
    public List<AssessmentWindow> of(UUID leadProviderId, String course, String cohort) {
        return list("leadProviderId = ?1 and courseIdentifier = ?2 and cohort = ?3 order by firstDay, id", leadProviderId, course, cohort);
    }
}
