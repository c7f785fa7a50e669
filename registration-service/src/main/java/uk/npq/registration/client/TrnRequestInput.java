package uk.npq.registration.client;

import java.time.LocalDate;

/**
 * What TRS needs to allocate a TRN ({@code POST /v3/trn-requests}). {@code requestId} is our idempotency key:
 * the same id gets the same request back. Nullable: middleName, emailAddress, nationalInsuranceNumber,
 * oneLoginUserSubject.
 */
public record TrnRequestInput(String requestId, String firstName, String middleName, String lastName, LocalDate dateOfBirth,
                              String emailAddress, String nationalInsuranceNumber, boolean identityVerified,
                              String oneLoginUserSubject) {}
