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
}
