package uk.npq.registration.domain;

import java.util.List;

/** The DfE v3 deferral and withdrawal reasons (npq-domain.md g3), spelled exactly (one has a trailing full stop). */
public final class TrainingReasons {
    public static final List<String> DEFERRAL = List.of("bereavement", "long-term-sickness", "parental-leave", "career-break", "other");

    public static final List<String> WITHDRAWAL = List.of(
            "insufficient-capacity-to-undertake-programme", "personal-reason-health-or-pregnancy-related",
            "personal-reason-moving-school", "personal-reason-other", "insufficient-capacity",
            "change-in-developmental-or-personal-priorities", "change-in-school-circumstances",
            "change-in-school-leadership", "quality-of-programme-structure-not-suitable.",
            "quality-of-programme-content-not-suitable", "quality-of-programme-facilitation-not-effective",
            "quality-of-programme-accessibility", "quality-of-programme-other",
            "programme-not-appropriate-for-role-and-cpd-needs", "started-in-error", "expected-commitment-unclear",
            "assessment-requirements-not-met", "change-in-career", "disengaged-and-unresponsive",
            "non-payment-of-invoice", "other");

    private TrainingReasons() {}
}
