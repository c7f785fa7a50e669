package uk.npq.platform.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Wakes this process's relay when any replica of the service commits outbox rows. A trigger on the outbox table (the
 * platform's migration V0_3) sends a PostgreSQL NOTIFY on the service's channel ({@link OutboxRepository#wakeChannel}) in
 * the transaction that writes the rows; PostgreSQL delivers it only when that transaction commits, to every session listening on the channel. This
 * listens on a connection of its own (outside the pool: it is held for the life of the process and must not count
 * against request traffic) and wakes the relay on each notification. So a relay publishes rows another replica committed
 * within milliseconds instead of at its next poll; the poll interval remains the fallback when this connection is lost
 * (it reconnects after a pause of one poll interval). Who sends stays the relay lock's business: a wake-up only asks.
 */
@ApplicationScoped
public class OutboxWakeListener {
    private static final Logger LOG = Logger.getLogger(OutboxWakeListener.class);

    @Inject OutboxRelay relay;
    @Inject OutboxConfig config;
    @ConfigProperty(name = "npq.service.schema") String schema;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url;
    @ConfigProperty(name = "quarkus.datasource.username") String username;
    @ConfigProperty(name = "quarkus.datasource.password") String password;

    private volatile boolean running;
    private volatile Thread thread;
    private volatile Connection connection;

    void start(@Observes StartupEvent ignored) {
        if (!config.relayEnabled() || !config.listen()) return;
        running = true;
        thread = new Thread(this::loop, "npq-outbox-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        running = false;
        Thread t = thread;
        if (t == null) return;
        t.interrupt();
        try { t.join(5_000); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
    }

    private void loop() {
        String channel = OutboxRepository.wakeChannel(schema);
        // how long one wait for notifications blocks: short, so a stopping process is not held up, and the connection is
        // checked at least this often
        int waitMillis = (int) Math.max(1, Math.min(1_000, config.pollInterval().toMillis()));
        while (running) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN \"" + channel + "\"");
                }
                relay.wakeUp(); // rows committed while this was not listening
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] got = pg.getNotifications(waitMillis); // blocks until one arrives or the wait ends
                    if (got != null && got.length > 0) relay.wakeUp();
                    else if (!c.isValid(5)) throw new SQLException("the listening connection is no longer valid");
                }
            } catch (SQLException e) {
                if (!running) return;
                LOG.warnf("outbox wake-up listener lost its connection (%s); the relay polls every %s until it is back",
                        e.getMessage(), config.pollInterval());
                try { Thread.sleep(config.pollInterval().toMillis()); } catch (InterruptedException ie) { return; }
            } finally {
                connection = null;
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", username);
        p.setProperty("password", password);
        p.setProperty("ApplicationName", "npq-outbox-listener");
        p.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(url, p);
    }
}
