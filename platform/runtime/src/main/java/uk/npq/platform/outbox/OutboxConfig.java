package uk.npq.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "npq.outbox")
public interface OutboxConfig {
    /** Run the relay in this process (several replicas may; one relays at a time). */
    @WithDefault("true") boolean relayEnabled();
    /**
     * Listen for the NOTIFY that every replica's commit of outbox rows sends (OutboxWakeListener), so this relay publishes
     * another replica's rows at once; without it only this process's own commits wake it and the rest wait for a poll.
     */
    @WithDefault("true") boolean listen();
    /** How often the relay looks for pending rows when no commit woke it (the fallback: commits wake it). */
    @WithDefault("PT0.5S") Duration pollInterval();
    @WithDefault("200") int batchSize();
    /** How long the relay waits for Kafka to acknowledge a batch. */
    @WithDefault("PT15S") Duration sendTimeout();
    /** Readiness goes down when the oldest pending event has waited longer than this. */
    @WithDefault("PT2M") Duration maxLag();
    /** Sent rows are deleted after this long. */
    @WithDefault("P7D") Duration retention();
}
