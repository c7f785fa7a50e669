package uk.npq.engagement.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<Session, UUID> {
    public List<Session> forDeliveryPartner(UUID deliveryPartnerId) {
        return list("deliveryPartnerId = ?1 order by scheduledAt, id", deliveryPartnerId);
    }

    public List<Session> forLeadProvider(UUID leadProviderId) {
        return list("leadProviderId = ?1 order by scheduledAt, id", leadProviderId);
    }

    /**
     * The sessions a caller may see, narrowed by the filters that are given (null = any): a hub's own (for one
     * lead provider when {@code leadProviderId} is given), or a lead provider's.
     */
    public List<Session> find(UUID deliveryPartnerId, UUID leadProviderId, String course, String cohort) {
        StringBuilder q = new StringBuilder("1 = 1");
        var params = new java.util.HashMap<String, Object>();
        if (deliveryPartnerId != null) { q.append(" and deliveryPartnerId = :dp"); params.put("dp", deliveryPartnerId); }
        if (leadProviderId != null) { q.append(" and leadProviderId = :lp"); params.put("lp", leadProviderId); }
        if (course != null) { q.append(" and courseIdentifier = :course"); params.put("course", course); }
        if (cohort != null) { q.append(" and cohort = :cohort"); params.put("cohort", cohort); }
        return list(q.append(" order by scheduledAt, id").toString(), params);
    }
}
