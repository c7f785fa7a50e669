package uk.npq.registration.client;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The Teacher Record System API v3: where it is, our key, and how long to wait for it. */
@ConfigMapping(prefix = "npq.trs")
public interface TrsConfig {
    /** Base URL, without /v3 (the local suite's stand-in: http://127.0.0.1:8086). */
    String url();

    /** Sent as {@code Authorization: Bearer <api-key>}. */
    String apiKey();

    /** Sent as {@code X-Api-Version}: the TRS minor version whose shapes we read. */
    @WithDefault("20250425")
    String apiVersion();

    @WithDefault("5s")
    Duration connectTimeout();

    /** How long to wait for the answer's status and headers after sending, per attempt. */
    @WithDefault("5s")
    Duration readTimeout();
}
