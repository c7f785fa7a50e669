package uk.npq.funding.domain;

import java.util.Arrays;
import java.util.Optional;

/** The NPQ courses of npq-domain.md f1, with their short code, group and funding family. */
public enum Course {
    EARLY_YEARS_LEADERSHIP("npq-early-years-leadership", "NPQEYL", Group.LEADERSHIP),
    EXECUTIVE_LEADERSHIP("npq-executive-leadership", "NPQEL", Group.LEADERSHIP),
    HEADSHIP("npq-headship", "NPQH", Group.LEADERSHIP),
    SENIOR_LEADERSHIP("npq-senior-leadership", "NPQSL", Group.LEADERSHIP),
    SENCO("npq-senco", "NPQSENCO", Group.LEADERSHIP),
    LEADING_BEHAVIOUR_CULTURE("npq-leading-behaviour-culture", "NPQLBC", Group.SPECIALIST),
    LEADING_LITERACY("npq-leading-literacy", "NPQLL", Group.SPECIALIST),
    LEADING_PRIMARY_MATHEMATICS("npq-leading-primary-mathematics", "NPQLPM", Group.SPECIALIST),
    LEADING_TEACHING("npq-leading-teaching", "NPQLT", Group.SPECIALIST),
    LEADING_TEACHING_DEVELOPMENT("npq-leading-teaching-development", "NPQLTD", Group.SPECIALIST),
    EARLY_HEADSHIP_COACHING_OFFER("npq-early-headship-coaching-offer", "EHCO", Group.EHCO),
    ADDITIONAL_SUPPORT_OFFER("npq-additional-support-offer", "ASO", Group.SUPPORT);

    public enum Group { LEADERSHIP, SPECIALIST, EHCO, SUPPORT }

    public final String identifier;
    public final String shortCode;
    public final Group group;

    Course(String identifier, String shortCode, Group group) {
        this.identifier = identifier;
        this.shortCode = shortCode;
        this.group = group;
    }

    /** The funding family: a scholarship is once per family; EHCO and ASO are one family. */
    public String family() {
        return group == Group.EHCO || group == Group.SUPPORT ? "ehco" : identifier;
    }

    public static Optional<Course> byIdentifier(String identifier) {
        return Arrays.stream(values()).filter(c -> c.identifier.equals(identifier)).findFirst();
    }
}
