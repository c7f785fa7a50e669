package uk.npq.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource: real PostgreSQL, a real Kafka broker and a real Apicurio Registry for
 * {@code @QuarkusTest}s, with no container engine. Register it once per module with
 * {@code @QuarkusTestResource(value = NpqTestInfra.class, restrictToAnnotatedClass = false)}.
 *
 * <p>{@code -Dinfra=external} uses what the configuration points at instead (e.g. the local suite's
 * infrastructure from {@code NPQ_INFRA_ONLY=1 deploy/local/up.sh}).
 */
public class NpqTestInfra implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        if ("external".equals(System.getProperty("infra"))) return Map.of();
        SharedInfra infra = SharedInfra.get();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", infra.jdbcUrl());
        config.put("kafka.bootstrap.servers", infra.kafkaBootstrap());
        config.put("mp.messaging.connector.smallrye-kafka.apicurio.registry.url", infra.registryUrl());
        return config;
    }

    @Override
    public void stop() {
        // kept for the whole JVM: Quarkus restarts the app (and calls stop) on every @TestProfile change
    }
}
