package uk.npq.platform.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.agroal.api.AgroalDataSource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.npq.platform.outbox.OutboxRepository;
import uk.npq.platform.testing.Management;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestSpans;

/**
 * Issue 17, observability: health and metrics on the management interface only (no token), the outbox backlog and the
 * consumers' lag in the scrape, and one trace from the HTTP request through the outbox and Kafka into the consumer.
 */
@QuarkusTest
class ObservabilityTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject AgroalDataSource db;

    private static String note(String title) {
        return "{\"data\":{\"type\":\"note\",\"attributes\":{\"title\":\"" + title + "\",\"pages\":3,\"written_on\":\"2026-01-05\"}}}";
    }

    @Test
    void healthAndMetricsAnswerOnTheManagementInterfaceWithoutAToken() {
        assertThat(Management.port()).isPositive().isNotEqualTo(io.restassured.RestAssured.port);
        Management.request().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        Management.request().get("/q/health/live").then().statusCode(200);
        Management.request().get("/q/health/started").then().statusCode(200);
        assertThat(Management.scrape()).contains("npq_outbox_backlog");
    }

    /** Without NPQ_TRACE_LOG the span log is no exporter (so the OTLP exporter, not it, runs where tracing is on). */
    @Test
    void theSpanLogIsNoExporterUnlessAskedFor() {
        assertThat(jakarta.enterprise.inject.spi.CDI.current().select(io.opentelemetry.sdk.trace.export.SpanExporter.class).stream()
                .map(e -> e.getClass().getName())).noneMatch(n -> n.startsWith(uk.npq.platform.tracing.SpanLog.class.getName()));
    }

    @Test
    void theServicePortAnswersNeitherMetricsNorHealth() {
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q/health/started")) {
            given().get(path).then().statusCode(404);
        }
    }

    /** The gauge is the relay's own count: events held back (another replica's relay holds the lock) show, then go. */
    @Test
    @TestSecurity(user = "admin-1", roles = "admin")
    void outboxBacklogGaugeShowsUnpublishedEvents() throws Exception {
        try (Connection other = db.getConnection()) {
            advisory(other, "pg_advisory_lock", OutboxRepository.relayLockName("platform"));
            try {
                given().contentType("application/json").body(note("held back")).post("/test/notes").then().statusCode(200);
                long pending = TestDb.count("SELECT count(*) FROM outbox_event WHERE sent_at IS NULL");
                assertThat(pending).isPositive();
                await().atMost(WAIT).until(() -> Double.valueOf(pending).equals(Management.sample(Management.scrape(), "npq_outbox_backlog")));
            } finally {
                advisory(other, "pg_advisory_unlock", OutboxRepository.relayLockName("platform"));
            }
        }
        await().atMost(WAIT).until(() -> Double.valueOf(0).equals(Management.sample(Management.scrape(), "npq_outbox_backlog")));
    }

    /**
     * Consumer lag: the Kafka consumers' own metrics through Micrometer, per channel (client_id kafka-consumer-CHANNEL): the
     * records consumed go up by the event, and the lag is back at zero once the consumer applied it.
     */
    @Test
    @TestSecurity(user = "admin-1", roles = "admin")
    void consumerLagAndConsumptionAreScrapedPerChannel() {
        String client = "client_id=\"kafka-consumer-test-decisions\"";
        Double before = Management.sample(Management.scrape(), "kafka_consumer_fetch_manager_records_consumed_total", client);
        assertThat(before).isNotNull();
        String id = given().contentType("application/json").body(note("lagging")).post("/test/notes").then().statusCode(200)
                .extract().path("id");
        await().atMost(WAIT).until(() -> TestDb.count("SELECT count(*) FROM tally WHERE application_id = '" + id + "'") == 1);
        await().atMost(WAIT).untilAsserted(() -> {
            String scrape = Management.scrape();
            assertThat(Management.sample(scrape, "kafka_consumer_fetch_manager_records_consumed_total", client)).isGreaterThanOrEqualTo(before + 1);
            assertThat(Management.sample(scrape, "kafka_consumer_fetch_manager_records_lag_max", client)).isEqualTo(0.0);
        });
    }

    /** One request that publishes an event, and the consumer that applies it, are one trace (one-at-a-time consumer). */
    @Test
    @TestSecurity(user = "admin-1", roles = "admin")
    void theRequestAndTheConsumerOfItsEventShareOneTrace() throws Exception {
        String id = given().contentType("application/json").body(note("traced")).post("/test/notes").then().statusCode(200)
                .extract().path("id");
        // the outbox row keeps the request's trace context for the relay
        String traceId = TestSpans.traceOfEvent(id);
        await().atMost(WAIT).until(() -> TestDb.count("SELECT count(*) FROM tally WHERE application_id = '" + id + "'") == 1);
        await().atMost(WAIT).untilAsserted(() -> {
            List<SpanData> trace = TestSpans.trace(traceId);
            assertThat(trace).anySatisfy(s -> {
                assertThat(s.getKind()).isEqualTo(SpanKind.SERVER);
                assertThat(s.getName()).isEqualTo("POST /test/notes");
            });
            assertThat(trace).anySatisfy(s -> {
                assertThat(s.getKind()).isEqualTo(SpanKind.PRODUCER);
                assertThat(s.getName()).isEqualTo(TestApp.TOPIC + " publish");
            });
            assertThat(trace).anySatisfy(s -> {
                assertThat(s.getKind()).isEqualTo(SpanKind.CONSUMER);
                assertThat(s.getAttributes().get(AttributeKey.stringKey("messaging.destination.name"))).isEqualTo(TestApp.TOPIC);
            });
        });
    }

    /** The same through a batch consumer (the services' consumers): the inbox applies each event in a span of its trace. */
    @Test
    @TestSecurity(user = "admin-1", roles = "admin")
    void aBatchConsumerAppliesEachEventInItsTrace() {
        String id = given().contentType("application/json").body(note("traced in a batch")).post("/test/notes?batch=true")
                .then().statusCode(200).extract().path("id");
        String traceId = TestSpans.traceOfEvent(id);
        await().atMost(WAIT).until(() -> TestDb.count("SELECT count(*) FROM trail WHERE application_id = '" + id + "'") == 1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(TestSpans.trace(traceId)).extracting(SpanData::getName)
                .contains("POST /test/notes", TestApp.BATCH_TOPIC + " publish", TestApp.BatchConsumer.CONSUMER + " process"));
    }

    /** No identifier from the URL in a span: the path is the route template, the query is dropped. */
    @Test
    @TestSecurity(user = "admin-1", roles = "admin")
    void spansNameTheRouteTemplateNeverTheRawPath() {
        String secret = "7654321";
        given().get("/test/notes/titled/" + secret + "?trn=" + secret).then().statusCode(200);
        String name = "GET /test/notes/titled/{title}";
        await().atMost(WAIT).until(() -> !TestSpans.finished(s -> s.getName().equals(name)).isEmpty());
        for (SpanData span : TestSpans.finished(s -> s.getName().equals(name))) {
            assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(span.getAttributes().get(AttributeKey.stringKey("url.path"))).isEqualTo("/test/notes/titled/{title}");
            assertThat(span.getAttributes().get(AttributeKey.stringKey("http.route"))).isEqualTo("/test/notes/titled/{title}");
            span.getAttributes().forEach((k, v) -> assertThat(String.valueOf(v)).as(k.getKey()).doesNotContain(secret));
        }
        assertThat(TestSpans.finished(s -> s.getName().contains(secret))).isEmpty();
    }

    private static void advisory(Connection c, String function, String lockName) throws Exception {
        try (PreparedStatement s = c.prepareStatement("SELECT " + function + "(hashtextextended(?, 0))")) {
            s.setString(1, lockName);
            s.executeQuery().close();
        }
    }
}
