package uk.npq.funding;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import uk.npq.platform.correlation.Correlation;
import uk.npq.platform.testing.SqlTrace;

/** Hands every statement Hibernate prepares to the platform's {@link SqlTrace}, under the request's correlation id. */
@PersistenceUnitExtension
@ApplicationScoped
public class SqlTraceInspector implements StatementInspector {
    @Override
    public String inspect(String sql) {
        SqlTrace.record(Correlation.current(), sql);
        return sql;
    }
}
