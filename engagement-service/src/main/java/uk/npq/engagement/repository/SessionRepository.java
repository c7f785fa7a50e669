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
}
