package uk.npq.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import uk.npq.registration.domain.RegistrationRules;

/** INTERIM (replaced when the TRS client lands). */
@ApplicationScoped
public class TrnChecks {
    public TrnCheck check(RegistrationRules.Input in) {
        return in.trn() == null ? TrnCheck.requested() : new TrnCheck("unavailable", null, java.util.List.of());
    }
}
