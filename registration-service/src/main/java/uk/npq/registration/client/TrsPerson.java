package uk.npq.registration.client;

import java.time.LocalDate;
import java.util.List;
import uk.npq.registration.domain.PersonName;
import uk.npq.registration.domain.TrnMatcher;

/**
 * A person as TRS v3 returns it ({@code GET /v3/persons/{trn}}). TRS reports a deactivated record only as
 * "Person is inactive." (404, errorCode 10058), so an inactive person carries its TRN and nothing else.
 */
public record TrsPerson(String trn, String firstName, String middleName, String lastName, LocalDate dateOfBirth,
                        String nationalInsuranceNumber, List<PersonName> previousNames, boolean active)
        implements TrnMatcher.TeacherRecord {
    public TrsPerson {
        previousNames = previousNames == null ? List.of() : List.copyOf(previousNames);
    }

    static TrsPerson inactive(String trn) {
        return new TrsPerson(trn, null, null, null, null, null, List.of(), false);
    }
}
