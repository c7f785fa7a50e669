package uk.npq.assessment.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Which marked submissions a moderator reviews before the result is final: every fail, and a share of the passes
 * chosen by the submission's id (SHA-256 of the id read as a fraction in [0, 1), sampled when below the share).
 * The choice is fixed for a submission, spread evenly, and cannot be steered by the marker.
 */
public final class Sampling {
    private Sampling() {}

    public static boolean sampled(UUID submission, boolean passed, double share) {
        if (!passed) return true;
        if (share <= 0) return false;
        if (share >= 1) return true;
        return fraction(submission) < share;
    }

    /** The submission's place in [0, 1): the first 32 bits of SHA-256 of its id. */
    static double fraction(UUID submission) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(submission.toString().getBytes(StandardCharsets.US_ASCII));
            long bits = ((h[0] & 0xffL) << 24) | ((h[1] & 0xffL) << 16) | ((h[2] & 0xffL) << 8) | (h[3] & 0xffL);
            return bits / 4294967296.0;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
