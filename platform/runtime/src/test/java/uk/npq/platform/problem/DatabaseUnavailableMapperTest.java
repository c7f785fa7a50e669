package uk.npq.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import jakarta.persistence.PersistenceException;
import java.net.ServerSocket;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarting (deploy/faults, fault 3) is a 503 problem with Retry-After, never a 500. The refused connection is the
 * real driver's own exception (a port nothing listens on), wrapped as Hibernate wraps it.
 */
class DatabaseUnavailableMapperTest {
    final ContentionProblemMappers mappers = new ContentionProblemMappers();

    static SQLException refused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); } // free again once closed: nothing listens
        int closed = port;
        return catchThrowableOfType(SQLException.class,
                () -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + closed + "/npq?connectTimeout=2", "x", "y"));
    }

    @Test
    void aRefusedConnectionWrappedByHibernateIs503ProblemWithRetryAfter() throws Exception {
        SQLException cause = refused();
        assertThat(cause.getSQLState()).startsWith("08");
        var response = mappers.persistence(new PersistenceException("could not connect",
                new JDBCConnectionException("Unable to acquire JDBC Connection", cause)));
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("2");
        assertThat(response.getMediaType().toString()).startsWith("application/problem+json");
        assertThat(mappers.sql(cause).getStatus()).isEqualTo(503);
    }

    @Test
    void theServerEndingTheSessionOnShutdownIs503() {
        var adminShutdown = new SQLException("terminating connection due to administrator command", "57P01");
        assertThat(mappers.persistence(new GenericJDBCException("could not execute statement", adminShutdown)).getStatus()).isEqualTo(503);
        assertThat(mappers.sql(new SQLException("the database system is starting up", "57P03")).getStatus()).isEqualTo(503);
    }

    @Test
    void otherDatabaseErrorsStayWhatTheyWere() {
        assertThat(ContentionProblemMappers.databaseUnavailable(new PersistenceException("boom",
                new GenericJDBCException("could not execute statement", new SQLException("syntax error", "42601"))))).isFalse();
        assertThat(mappers.sql(new SQLException("syntax error", "42601")).getStatus()).isEqualTo(500);
    }
}
