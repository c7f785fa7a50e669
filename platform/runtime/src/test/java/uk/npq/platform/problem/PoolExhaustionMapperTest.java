package uk.npq.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;

/**
 * An exhausted connection pool is a 503 problem with Retry-After, never a 500. Tested on the exact exception chain, not with
 * a real exhausted pool: Agroal (io.agroal.pool.ConnectionPool, 3.0.1) throws {@code new SQLException("Sorry, acquisition
 * timeout!")} when no connection comes within the acquisition timeout, and Hibernate wraps it as
 * GenericJDBCException("Unable to acquire JDBC Connection") inside a PersistenceException.
 */
class PoolExhaustionMapperTest {
    final ContentionProblemMappers mappers = new ContentionProblemMappers();

    static SQLException agroalTimeout() {
        return new SQLException("Sorry, acquisition timeout!");
    }

    @Test
    void hibernatesWrappingOfAgroalsAcquisitionTimeoutIs503WithRetryAfter() {
        var chain = new PersistenceException("org.hibernate.exception.GenericJDBCException: Unable to acquire JDBC Connection",
                new GenericJDBCException("Unable to acquire JDBC Connection", agroalTimeout()));
        var response = mappers.persistence(chain);
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(response.getMediaType().toString()).startsWith("application/problem+json");
    }

    @Test
    void theGenericJdbcExceptionAloneAndTheBareSqlExceptionAre503Too() {
        assertThat(mappers.persistence(new GenericJDBCException("Unable to acquire JDBC Connection", agroalTimeout())).getStatus())
                .isEqualTo(503);
        assertThat(mappers.sql(agroalTimeout()).getStatus()).isEqualTo(503);
    }

    @Test
    void otherDatabaseErrorsAreNotTakenForAnExhaustedPool() {
        assertThat(ContentionProblemMappers.poolExhausted(new PersistenceException("boom",
                new GenericJDBCException("could not execute statement", new SQLException("syntax error", "42601"))))).isFalse();
        assertThat(ContentionProblemMappers.poolExhausted(new SQLException("Sorry, acquisition timeout"))).isFalse();
    }
}
