package uk.npq.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;

/**
 * Event consumers run on a worker pool of their own (Inbox.WORKERS): while every thread of the pool that serves
 * blocking HTTP requests is busy, a consumer still applies events (issue 16: on the shared pool it waited behind them).
 */
@QuarkusTest
class ConsumerPoolTest {

    @Inject TestApp.Holds holds;
    @ConfigProperty(name = "quarkus.thread-pool.max-threads") int httpWorkers;
    @TestHTTPResource("/test/hold") URI hold;

    @Test
    @TestSecurity(user = "admin-1", roles = "admin")
    void aConsumerKeepsApplyingEventsWhileTheHttpWorkerPoolIsSaturated() throws Exception {
        holds.release = new CountDownLatch(1);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<Void>>> requests = new ArrayList<>();
        try {
            // more requests than the pool has threads: all of them busy, the rest queued behind
            for (int i = 0; i < httpWorkers + 4; i++) {
                requests.add(client.sendAsync(HttpRequest.newBuilder(hold).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding()));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> holds.held.get() == httpWorkers);

            String applicationId = UUID.randomUUID().toString();
            FundingDecisionMade event = FundingDecisionMade.newBuilder()
                    .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setAggregateId(applicationId)
                    .setApplicationId(applicationId).setParticipantId(applicationId).setEligibleForFunding(true)
                    .setFundingEligibilityStatusCode("funded").setRuleSet("test").setDecidedAt(Instant.now()).build();
            TestKafka.send(TestApp.TOPIC, applicationId, event);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    TestDb.count("SELECT count(*) FROM tally WHERE application_id = '" + applicationId + "'") == 1);
            assertThat(holds.held.get()).isEqualTo(httpWorkers); // applied while the HTTP pool was still all held
        } finally {
            holds.release.countDown();
        }
        for (CompletableFuture<HttpResponse<Void>> r : requests) assertThat(r.get().statusCode()).isEqualTo(204);
    }
}
