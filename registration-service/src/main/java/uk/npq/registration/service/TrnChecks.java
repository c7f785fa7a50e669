package uk.npq.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import uk.npq.registration.domain.PersonName;
import uk.npq.registration.domain.RegistrationRules;
import uk.npq.registration.domain.Trn;

/**
 * Asks the Teacher Record System about a TRN (e3, through {@link TrnVerifier}) and says what to store: an
 * applicant without a TRN and without an NI number gets a TRN request instead. Never inside a transaction.
 */
@ApplicationScoped
public class TrnChecks {
    @Inject TrnVerifier verifier;

    public TrnCheck check(RegistrationRules.Input in) {
        String trn = in.trn() == null ? null : Trn.normalise(in.trn()).trn().orElse(null);
        if (trn == null && in.normalisedNino() == null) return TrnCheck.requested();
        return check(trn, in.fullName(), in.dateOfBirth(), in.normalisedNino());
    }

    public TrnCheck check(String trnOrNull, String fullName, java.time.LocalDate dateOfBirth, String ninoOrNull) {
        TrnVerifier.Verification v = verifier.verify(trnOrNull, fullName, dateOfBirth, ninoOrNull);
        List<String> previous = v.match().map(m -> m.previousNames().stream().map(TrnChecks::name).toList()).orElse(List.of());
        return new TrnCheck(v.status().name().toLowerCase(java.util.Locale.ROOT), v.verifiedTrn().orElse(null), previous);
    }

    static String name(PersonName n) {
        return Stream.of(n.firstName(), n.middleName(), n.lastName()).filter(s -> s != null && !s.isBlank())
                .collect(Collectors.joining(" "));
    }
}
