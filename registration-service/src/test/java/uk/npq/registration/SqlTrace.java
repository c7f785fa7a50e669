package uk.npq.registration;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import jakarta.enterprise.context.ApplicationScoped;
import uk.npq.platform.correlation.Correlation;

/** Registers platform testing's {@link uk.npq.platform.testing.SqlTrace} with this service's Hibernate. */
@PersistenceUnitExtension
@ApplicationScoped
public class SqlTrace extends uk.npq.platform.testing.SqlTrace {
    @Override
    protected String correlationId() {
        return Correlation.current();
    }
}
