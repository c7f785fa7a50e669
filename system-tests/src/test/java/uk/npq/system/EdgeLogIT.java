package uk.npq.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The edge's access log holds no personal data: the TRN in the qualifications paths is masked. */
class EdgeLogIT {
    static final Path LOG = Path.of(System.getenv().getOrDefault("NPQ_LOCAL", "../.local"), "logs", "edge-access.log");

    @Test
    void aTrnInAQualificationsPathIsNotWrittenToTheAccessLog() throws Exception {
        String trn = String.valueOf(ThreadLocalRandom.current().nextInt(1_000_000, 9_999_999));
        for (String path : new String[] {"/api/v1/qualifications/" + trn, "/api/teacher-record-service/v1/qualifications/" + trn,
                "/api/teacher-record-service/v1/npq-qualifications/" + trn + "?x=1"}) {
            Suite.as("npq-admin").get(path).then().statusCode(org.hamcrest.Matchers.lessThan(500));
        }
        assertThat(LOG).exists();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Files.readString(LOG)).contains("/api/teacher-record-service/v1/npq-qualifications/*******?x=1"));
        String log = Files.readString(LOG);
        assertThat(log).contains("/api/v1/qualifications/*******").doesNotContain(trn);
    }
}
