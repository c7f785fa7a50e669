package uk.npq.platform.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import uk.npq.contracts.Topics;
import uk.npq.contracts.funding.CourseDefined;

/**
 * The twelve courses of npq-domain.md f1 as funding-service publishes them (CourseDefined on funding.reference.v1,
 * as its course table seeds them), for the services that keep a copy: sent through the broker so the service's real
 * consumer records them.
 */
public final class CourseFixtures {
    /** identifier, name, short code, group, family, has outcomes. */
    public record F1(String identifier, String name, String shortCode, String group, String family, boolean hasOutcomes) {}

    public static final List<F1> F1_COURSES = List.of(
            leadership("npq-early-years-leadership", "Early years leadership", "NPQEYL"),
            leadership("npq-executive-leadership", "Executive leadership", "NPQEL"),
            leadership("npq-headship", "Headship", "NPQH"),
            leadership("npq-senior-leadership", "Senior leadership", "NPQSL"),
            leadership("npq-senco", "Special educational needs co-ordinator", "NPQSENCO"),
            specialist("npq-leading-behaviour-culture", "Leading behaviour and culture", "NPQLBC"),
            specialist("npq-leading-literacy", "Leading literacy", "NPQLL"),
            specialist("npq-leading-primary-mathematics", "Leading primary mathematics", "NPQLPM"),
            specialist("npq-leading-teaching", "Leading teaching", "NPQLT"),
            specialist("npq-leading-teaching-development", "Leading teacher development", "NPQLTD"),
            new F1("npq-early-headship-coaching-offer", "Early headship coaching offer", "EHCO", "ehco", "ehco", false),
            new F1("npq-additional-support-offer", "Additional support offer", "ASO", "support", "ehco", false));

    private CourseFixtures() {}

    /** The identifiers of the twelve. */
    public static List<String> identifiers() {
        return F1_COURSES.stream().map(F1::identifier).toList();
    }

    /** Sends the twelve and waits until {@code arrived} (e.g. the service's catalogue knows them all). */
    public static void sendF1(BooleanSupplier arrived) {
        for (F1 c : F1_COURSES) send(c.identifier(), c.name(), c.shortCode(), c.group(), c.family(), c.hasOutcomes(), Instant.now());
        // polled in this thread: a caller's static initializer may send them, and its condition may need that class
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(arrived::getAsBoolean);
    }

    /** One CourseDefined, as funding-service publishes a row of its course table; returns the event. */
    public static CourseDefined send(String identifier, String name, String shortCode, String group, String family, boolean hasOutcomes,
                                     Instant occurredAt) {
        CourseDefined e = CourseDefined.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(occurredAt)
                .setAggregateId(identifier).setIdentifier(identifier).setName(name).setShortCode(shortCode).setCourseGroup(group)
                .setFamily(family).setHasOutcomes(hasOutcomes).build();
        TestKafka.send(Topics.FUNDING_REFERENCE, identifier, e);
        return e;
    }

    private static F1 leadership(String identifier, String name, String shortCode) {
        return new F1(identifier, name, shortCode, "leadership", identifier, true);
    }

    private static F1 specialist(String identifier, String name, String shortCode) {
        return new F1(identifier, name, shortCode, "specialist", identifier, true);
    }
}
