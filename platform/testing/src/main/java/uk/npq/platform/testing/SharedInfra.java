package uk.npq.platform.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * The infrastructure of one test JVM, started on first use and stopped by a shutdown hook:
 * PostgreSQL from the zonky binaries (database npq with one login role and schema per service, as in
 * the local suite), a single-node KRaft Kafka broker in this JVM, and Apicurio Registry as a child
 * process from its distribution (it needs Java 21+, which the build runs on).
 *
 * <p>Quarkus loads test resources in a new class loader on every app restart, so the running
 * infrastructure is published through a system property and picked up again instead of restarted.
 */
public final class SharedInfra {
    /** Roles and schemas created in the test database; each service's datasource logs in as its own. */
    public static final List<String> SCHEMAS = List.of("registration", "funding", "engagement", "assessment", "platform");
    private static final String PROPERTY = "npq.test.infra";
    private static SharedInfra instance;

    private final String jdbcUrl;
    private final String kafkaBootstrap;
    private final String registryUrl;

    private SharedInfra(String jdbcUrl, String kafkaBootstrap, String registryUrl) {
        this.jdbcUrl = jdbcUrl;
        this.kafkaBootstrap = kafkaBootstrap;
        this.registryUrl = registryUrl;
    }

    public String jdbcUrl() { return jdbcUrl; }
    public String kafkaBootstrap() { return kafkaBootstrap; }
    public String registryUrl() { return registryUrl; }

    public static synchronized SharedInfra get() {
        if (instance != null) return instance;
        String shared = System.getProperty(PROPERTY);
        if (shared != null) {
            String[] p = shared.split("\n");
            return instance = new SharedInfra(p[0], p[1], p[2]);
        }
        try {
            long t0 = System.nanoTime();
            Resources resources = new Resources();
            Runtime.getRuntime().addShutdownHook(new Thread(resources::close, "npq-test-infra-stop"));
            String jdbc = resources.startPostgres();
            long t1 = System.nanoTime();
            String kafkaAddress = resources.startKafka();
            long t2 = System.nanoTime();
            String registry = resources.startRegistry();
            long t3 = System.nanoTime();
            System.out.printf("[npq-test-infra] postgres %d ms, kafka %d ms, apicurio %d ms%n",
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
            instance = new SharedInfra(jdbc, kafkaAddress, registry);
            System.setProperty(PROPERTY, String.join("\n", jdbc, kafkaAddress, registry));
            return instance;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the test infrastructure", e);
        }
    }

    /** Owns the started processes; closed once, by the shutdown hook. */
    private static final class Resources {
        private EmbeddedPostgres postgres;
        private KafkaRaftServer broker;
        private Path kafkaDir;
        private Process registry;

        String startPostgres() throws IOException, SQLException {
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("max_connections", "200")
                    .start();
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE npq");
            }
            String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/npq";
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
                s.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC");
                for (String name : SCHEMAS) {
                    s.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + name + "-local'");
                    s.execute("CREATE SCHEMA " + name + " AUTHORIZATION " + name);
                }
                // extensions a service's migrations may use (as deploy/local/up.sh): installed by the superuser, usable by all
                s.execute("CREATE SCHEMA extensions");
                s.execute("GRANT USAGE ON SCHEMA extensions TO PUBLIC");
                s.execute("CREATE EXTENSION pg_trgm WITH SCHEMA extensions");
            }
            return url;
        }

        String startKafka() throws IOException {
            Path target = Path.of("target").toAbsolutePath();
            Files.createDirectories(target);
            kafkaDir = Files.createTempDirectory(target, "npq-kafka-");
            int port = freePort();
            int controllerPort = freePort();
            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            p.put("controller.listener.names", "CONTROLLER");
            p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("log.dirs", kafkaDir.resolve("data").toString());
            p.put("num.partitions", "3");
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "1");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("share.coordinator.state.topic.replication.factor", "1");
            p.put("share.coordinator.state.topic.min.isr", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("auto.create.topics.enable", "true");
            Path cfg = kafkaDir.resolve("server.properties");
            try (Writer w = Files.newBufferedWriter(cfg)) {
                p.store(w, null);
            }
            int rc = kafka.tools.StorageTool.execute(
                    new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", cfg.toString()},
                    new PrintStream(PrintStream.nullOutputStream()));
            if (rc != 0) throw new IllegalStateException("kafka storage format failed: " + rc);
            broker = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
            broker.startup();
            return "127.0.0.1:" + port;
        }

        String startRegistry() throws IOException, InterruptedException {
            Path home = ApicurioDist.unpacked();
            int port = freePort();
            int managementPort = freePort();
            Path log = kafkaDir.getParent().resolve("npq-apicurio-" + port + ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            registry = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                    "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + managementPort,
                    "-jar", "quarkus-run.jar")
                    .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            String url = "http://127.0.0.1:" + port + "/apis/registry/v3";
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                if (!registry.isAlive()) throw new IllegalStateException("apicurio registry exited; see " + log);
                try {
                    var r = http.send(HttpRequest.newBuilder(URI.create(url + "/system/info")).build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) return url;
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("apicurio registry not ready in 90 s; see " + log);
        }

        void close() {
            try { if (registry != null) { registry.destroy(); registry.waitFor(); } } catch (Exception ignored) { }
            try { if (broker != null) { broker.shutdown(); broker.awaitShutdown(); } } catch (Exception ignored) { }
            try { if (postgres != null) postgres.close(); } catch (Exception ignored) { }
            if (kafkaDir != null) {
                try (Stream<Path> files = Files.walk(kafkaDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (Exception ignored) { }
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
