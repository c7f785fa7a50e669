package uk.npq.registration.client;

import java.util.Optional;

/** TRS's answer about a TRN request: pending, or completed with the TRN. */
public record TrnRequestStatus(String requestId, Status status, Optional<String> trn, boolean potentialDuplicate) {
    public enum Status { PENDING, COMPLETED }

    public boolean completed() {
        return status == Status.COMPLETED;
    }
}
