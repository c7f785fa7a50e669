package uk.npq.funding.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The statement arithmetic checked against the DfE's own vectors (npq-registration spec/services/statements/
 * output_payment_calculator_spec.rb, service_fees_calculator_spec.rb, course_calculator_spec.rb,
 * summary_calculator_spec.rb, spec/models/statement_spec.rb, spec/components/admin/
 * course_payment_overview_component_spec.rb, spec/features/admin/finance/adjustments_spec.rb), one row per vector.
 *
 * <p>Every row states only what differs from the defaults: the DfE's contract template factory (£800 per
 * participant, 60% over 3 output payments, 40% over 19 instalments, recruitment target 72, TDF £100, not special)
 * with no monthly service fee (the factory sets 0.0; the DfE specs that test the service fee set it to nil, as here),
 * for NPQLT, and no declarations; for a statement, September 2025 of a cohort that started in 2022 (the DfE's
 * :has_targeted_delivery_funding traits), no adjustments and no reconcile amount. Each row asserts every amount
 * exactly (compared by value, so 160 = 160.00) and the course or statement total as the DfE shows it.
 */
class StatementCalculatorTest {

    private static final StatementCalculator CALCULATOR = new StatementCalculator();
    private static final boolean TDF = true;
    private static final boolean NO_TDF = false;

    /** The DfE's service fee per participant of its factory contract: 800 × 40 / 1900, its exact BigDecimal. */
    private static final String SERVICE_PP = "16.842105263157894736842105263157894737";
    /** The DfE's monthly service fee of its factory contract: 72 × SERVICE_PP, its exact BigDecimal. */
    private static final String MONTHLY = "1212.631578947368421052631578947368421064";

    // ---------------------------------------------------------------------------------------------------------
    // One course (Statements::CourseCalculator, OutputPaymentCalculator, ServiceFeesCalculator)
    // ---------------------------------------------------------------------------------------------------------

    static Stream<Arguments> courses() {
        return Stream.of(
            //   what                                                      contract                                     counts                                                statement TDF?
            //   output per participant, output subtotal, service per participant, monthly service fee, clawbacks, TDF, TDF refund, course total, shown
            row("DfE vector: 10 starts (output_payment_calculator_spec, service_fees_calculator_spec)",
                    terms(), counts().started(10), NO_TDF,
                    "160", "1600", SERVICE_PP, MONTHLY, "0", "0", "0", "2812.631578947368421052631578947368421064", "2812.63"),
            row("no declarations: the service fee alone",
                    terms(), counts(), NO_TDF,
                    "160", "0", SERVICE_PP, MONTHLY, "0", "0", "0", MONTHLY, "1212.63"),
            row("#output_payment: one start, 160 per participant, subtotal 160",
                    terms(), counts().started(1), NO_TDF,
                    "160", "160", SERVICE_PP, MONTHLY, "0", "0", "0", "1372.631578947368421052631578947368421064", "1372.63"),
            row("#billable_declarations_count_for_declaration_type: 2 of each type are 8 billable items",
                    terms(), counts().started(2).retained1(2).retained2(2).completed(2), NO_TDF,
                    "160", "1280", SERVICE_PP, MONTHLY, "0", "0", "0", "2492.631578947368421052631578947368421064", "2492.63"),
            row("#refundable_declarations_by_type_count: 1 started, 2 retained-1, 3 retained-2 clawed back",
                    terms(), counts().refundedStarted(1).refundedRetained1(2).refundedRetained2(3), NO_TDF,
                    "160", "0", SERVICE_PP, MONTHLY, "960", "0", "0", "252.631578947368421052631578947368421064", "252.63"),
            row("course_payment_overview_component_spec: 2 started clawed back, -£160 each, -£320",
                    terms(), counts().refundedStarted(2), NO_TDF,
                    "160", "0", SERVICE_PP, MONTHLY, "320", "0", "0", "892.631578947368421052631578947368421064", "892.63"),
            row("#monthly_service_fees: monthly_service_fee nil, recruitment target 438",
                    terms().target(438), counts(), NO_TDF,
                    "160", "0", SERVICE_PP, "7376.842105263157894736842105263157894806", "0", "0", "0", "7376.842105263157894736842105263157894806", "7376.84"),
            row("#monthly_service_fees: monthly_service_fee 5432.10 replaces it; per participant 5432.10 / 438",
                    terms().target(438).monthlyServiceFee("5432.10"), counts(), NO_TDF,
                    "160", "0", "12.402054794520547945205479452054794521", "5432.10", "0", "0", "0", "5432.10", "5432.10"),
            row("#monthly_service_fees: monthly_service_fee 0.0 replaces it too",
                    terms().monthlyServiceFee("0.0"), counts().started(1), NO_TDF,
                    "160", "160", "0", "0", "0", "0", "0", "160", "160.00"),
            row("#course_total includes the monthly service fee (10)",
                    terms().monthlyServiceFee("10"), counts(), NO_TDF,
                    "160", "0", "0.13888888888888888888888888888888888889", "10", "0", "0", "0", "10", "10.00"),
            row("#targeted_delivery_funding_declarations_count: one TDF-eligible start",
                    terms(), counts().started(1).tdfStarted(1), TDF,
                    "160", "160", SERVICE_PP, MONTHLY, "0", "100", "0", "1472.631578947368421052631578947368421064", "1472.63"),
            row("a start without TDF eligibility gets no TDF",
                    terms(), counts().started(3).tdfStarted(1), TDF,
                    "160", "480", SERVICE_PP, MONTHLY, "0", "100", "0", "1792.631578947368421052631578947368421064", "1792.63"),
            row("#targeted_delivery_funding_refundable_declarations_count: a TDF-eligible start clawed back",
                    terms(), counts().refundedStarted(1).tdfRefundedStarted(1), TDF,
                    "160", "0", SERVICE_PP, MONTHLY, "160", "0", "100", "952.631578947368421052631578947368421064", "952.63"),
            row("TDF counts on a statement without TDF pay nothing",
                    terms(), counts().started(1).tdfStarted(1).refundedStarted(1).tdfRefundedStarted(1), NO_TDF,
                    "160", "160", SERVICE_PP, MONTHLY, "160", "0", "0", MONTHLY, "1212.63"),
            row("#course_has_targeted_delivery_funding?: early years leadership has it",
                    terms().course("npq-early-years-leadership").output(60, 4), counts().started(1).tdfStarted(1), TDF,
                    "120", "120", SERVICE_PP, MONTHLY, "0", "100", "0", "1432.631578947368421052631578947368421064", "1432.63"),
            row("#course_has_targeted_delivery_funding?: EHCO has not (bulk upload terms: 100% over 4, no service fee)",
                    terms().course("npq-early-headship-coaching-offer").output(100, 4).service(0, 19), counts().started(1).tdfStarted(1), TDF,
                    "200", "200", "0", "0", "0", "0", "0", "200", "200.00"),
            row("#course_has_targeted_delivery_funding?: ASO has not, nor its refund",
                    terms().course("npq-additional-support-offer").output(100, 4).service(0, 19), counts().refundedStarted(1).tdfRefundedStarted(1), TDF,
                    "200", "0", "0", "0", "200", "0", "0", "-200", "-200.00"),
            row("TDF per participant is the contract's",
                    terms().tdfPerParticipant("200.00"), counts().started(2).tdfStarted(2), TDF,
                    "160", "320", SERVICE_PP, MONTHLY, "0", "400.00", "0", "1932.631578947368421052631578947368421064", "1932.63"),
            row("output percentage 0: no output payment, and no payment periods needed",
                    terms().output(0, null), counts().started(4).refundedCompleted(1), NO_TDF,
                    "0", "0", SERVICE_PP, MONTHLY, "0", "0", "0", MONTHLY, "1212.63"),
            row("service fee percentage 0: no service fee",
                    terms().service(0, 19), counts().started(1), NO_TDF,
                    "160", "160", "0", "0", "0", "0", "0", "160", "160.00"),
            row("not eligible and voided items pay nothing",
                    terms(), counts().notEligible(4).voided(3), NO_TDF,
                    "160", "0", SERVICE_PP, MONTHLY, "0", "0", "0", MONTHLY, "1212.63"),
            row("shown amounts round half up, not to even: 900.20 × 40 / 1600 = 22.505 shows 22.51",
                    terms().perParticipant("900.20").service(40, 16).target(1), counts(), NO_TDF,
                    "180.04", "0", "22.505", "22.505", "0", "0", "0", "22.505", "22.51"));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("courses")
    void course(String what, Terms terms, Counts counts, boolean statementTdf,
                String outputPerParticipant, String outputSubtotal, String servicePerParticipant, String monthlyServiceFee,
                String clawbacks, String tdf, String tdfRefund, String courseTotal, String shownTotal) {
        CourseBreakdown course = CALCULATOR.course(terms.build(), counts.build(), statementTdf);

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(course.outputPaymentPerParticipant()).as("output payment per participant").isEqualByComparingTo(outputPerParticipant);
        soft.assertThat(course.outputPaymentSubtotal()).as("output payment subtotal").isEqualByComparingTo(outputSubtotal);
        soft.assertThat(course.serviceFeePerParticipant()).as("service fee per participant").isEqualByComparingTo(servicePerParticipant);
        soft.assertThat(course.monthlyServiceFee()).as("monthly service fee").isEqualByComparingTo(monthlyServiceFee);
        soft.assertThat(course.clawbacks()).as("clawbacks").isEqualByComparingTo(clawbacks);
        soft.assertThat(course.targetedDeliveryFundingSubtotal()).as("TDF").isEqualByComparingTo(tdf);
        soft.assertThat(course.targetedDeliveryFundingRefund()).as("TDF refund").isEqualByComparingTo(tdfRefund);
        soft.assertThat(course.courseTotal()).as("course total").isEqualByComparingTo(courseTotal);
        soft.assertThat(course.shown().courseTotal()).as("course total shown").isEqualTo(new BigDecimal(shownTotal));
        soft.assertAll();
    }

    // ---------------------------------------------------------------------------------------------------------
    // A statement (Statements::SummaryCalculator)
    // ---------------------------------------------------------------------------------------------------------

    static Stream<Arguments> statements() {
        Terms maths = terms().course("npq-leading-primary-mathematics");
        return Stream.of(
            //   what                                                 statement
            //   service fees, output payment, clawbacks (output + TDF), TDF, adjustments, reconcile, total, shown total, starts, retained, completed, voids
            row("DfE vector: one course, 10 starts",
                    statement().course(terms(), counts().started(10)),
                    MONTHLY, "1600", "0", "0", "0", "0", "2812.631578947368421052631578947368421064", "2812.63", 10, 0, 0, 0),
            row("#total_payment: a positive reconcile amount increases the total",
                    statement().reconcile("1234").course(terms(), counts()),
                    MONTHLY, "0", "0", "0", "0", "1234", "2446.631578947368421052631578947368421064", "2446.63", 0, 0, 0, 0),
            row("#total_payment: a negative reconcile amount decreases it",
                    statement().reconcile("-1234").course(terms(), counts()),
                    MONTHLY, "0", "0", "0", "0", "-1234", "-21.368421052631578947368421052631578936", "-21.37", 0, 0, 0, 0),
            row("#total_payment: course output payments are added",
                    statement().course(terms(), counts().started(1)),
                    MONTHLY, "160", "0", "0", "0", "0", "1372.631578947368421052631578947368421064", "1372.63", 1, 0, 0, 0),
            row("#total_payment: targeted delivery funding is added",
                    statement().course(terms(), counts().started(1).tdfStarted(1)),
                    MONTHLY, "160", "0", "100", "0", "0", "1472.631578947368421052631578947368421064", "1472.63", 1, 0, 0, 0),
            row("#total_payment: clawbacks (160 output + 100 TDF) are deducted",
                    statement().course(terms(), counts().started(1).tdfStarted(1).refundedStarted(1).tdfRefundedStarted(1)),
                    MONTHLY, "160", "260", "100", "0", "0", MONTHLY, "1212.63", 1, 0, 0, 0),
            row("#total_payment: adjustments (100 and -50) are added",
                    statement().adjustments("100", "-50").course(terms(), counts()),
                    MONTHLY, "0", "0", "0", "50", "0", "1262.631578947368421052631578947368421064", "1262.63", 0, 0, 0, 0),
            row("adjustments_spec: £100.12 and £200.23 total £300.35",
                    statement().adjustments("100.12", "200.23").course(terms(), counts()),
                    MONTHLY, "0", "0", "0", "300.35", "0", "1512.981578947368421052631578947368421064", "1512.98", 0, 0, 0, 0),
            row("special_course false: both courses count (3 + 7 starts, monthly_service_fee 0.0)",
                    statement().course(terms().monthlyServiceFee("0.0"), counts().started(3))
                               .course(maths.monthlyServiceFee("0.0"), counts().started(7)),
                    "0", "1600", "0", "0", "0", "0", "1600", "1600.00", 10, 0, 0, 0),
            row("special_course true: the special course is left out of the totals",
                    statement().course(terms().monthlyServiceFee("0.0"), counts().started(3))
                               .course(terms().course("npq-leading-primary-mathematics").monthlyServiceFee("0.0").special(), counts().started(7)),
                    "0", "480", "0", "0", "0", "0", "480", "480.00", 3, 0, 0, 0),
            row("a special course's service fee, clawbacks, TDF and retained are left out too",
                    statement().course(terms(), counts().started(1))
                               .course(terms().course("npq-leading-primary-mathematics").special(),
                                       counts().started(2).tdfStarted(2).retained1(1).refundedStarted(1).tdfRefundedStarted(1)),
                    MONTHLY, "160", "0", "0", "0", "0", "1372.631578947368421052631578947368421064", "1372.63", 1, 0, 0, 0),
            row("#total_starts/#total_retained/#total_completed: retained is retained-1 and retained-2",
                    statement().course(terms().monthlyServiceFee("0.0"), counts().started(2).retained1(2).retained2(2).completed(2))
                               .course(maths.monthlyServiceFee("0.0"), counts().retained1(1).completed(1)),
                    "0", "1600", "0", "0", "0", "0", "1600", "1600.00", 2, 5, 3, 0),
            row("#total_voided: every voided declaration, one participant's several too, special courses' as well",
                    statement().course(terms().monthlyServiceFee("0.0"), counts().voided(3).notEligible(2))
                               .course(terms().course("npq-leading-primary-mathematics").monthlyServiceFee("0.0").special(), counts().voided(1)),
                    "0", "0", "0", "0", "0", "0", "0", "0.00", 0, 0, 0, 4),
            row("October 2025 is the last statement month with TDF",
                    statement().on(2025, 10).course(terms(), counts().started(1).tdfStarted(1)),
                    MONTHLY, "160", "0", "100", "0", "0", "1472.631578947368421052631578947368421064", "1472.63", 1, 0, 0, 0),
            row("November 2025: no TDF, nor TDF clawback",
                    statement().on(2025, 11).course(terms(), counts().started(1).tdfStarted(1).refundedStarted(1).tdfRefundedStarted(1)),
                    MONTHLY, "160", "160", "0", "0", "0", MONTHLY, "1212.63", 1, 0, 0, 0),
            row("cohort 2021: no TDF",
                    statement().on(2025, 10).cohort(2021).course(terms(), counts().started(1).tdfStarted(1)),
                    MONTHLY, "160", "0", "0", "0", "0", "1372.631578947368421052631578947368421064", "1372.63", 1, 0, 0, 0),
            row("EHCO on a TDF statement: no TDF, the other course has it",
                    statement().course(terms().course("npq-early-headship-coaching-offer").output(100, 4).service(0, 19), counts().started(1).tdfStarted(1))
                               .course(terms().monthlyServiceFee("0.0"), counts().started(1).tdfStarted(1)),
                    "0", "360", "0", "100", "0", "0", "460", "460.00", 2, 0, 0, 0),
            row("rounding: the total is the sum of exact amounts rounded (50.53), not of the shown ones (3 × 16.84)",
                    statement().course(terms().target(1), counts())
                               .course(maths.target(1), counts())
                               .course(terms().course("npq-senco").output(60, 4).target(1), counts()),
                    "50.526315789473684210526315789473684211", "0", "0", "0", "0", "0", "50.526315789473684210526315789473684211", "50.53", 0, 0, 0, 0));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("statements")
    void statement(String what, Statement given, String serviceFees, String output, String clawbacks, String tdf,
                   String adjustments, String reconcile, String total, String shownTotal,
                   int starts, int retained, int completed, int voided) {
        StatementBreakdown statement = CALCULATOR.calculate(given.facts(), given.courses());

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(statement.totalServiceFees()).as("service fees").isEqualByComparingTo(serviceFees);
        soft.assertThat(statement.totalOutputPayment()).as("output payment").isEqualByComparingTo(output);
        soft.assertThat(statement.totalClawbacks()).as("clawbacks").isEqualByComparingTo(clawbacks);
        soft.assertThat(statement.totalTargetedDeliveryFunding()).as("TDF").isEqualByComparingTo(tdf);
        soft.assertThat(statement.adjustments()).as("adjustments").isEqualByComparingTo(adjustments);
        soft.assertThat(statement.reconcileAmount()).as("reconcile amount").isEqualByComparingTo(reconcile);
        soft.assertThat(statement.total()).as("total").isEqualByComparingTo(total);
        soft.assertThat(statement.shown().total()).as("total shown").isEqualTo(new BigDecimal(shownTotal));
        soft.assertThat(statement.totalStarts()).as("starts").isEqualTo(starts);
        soft.assertThat(statement.totalRetained()).as("retained").isEqualTo(retained);
        soft.assertThat(statement.totalCompleted()).as("completed").isEqualTo(completed);
        soft.assertThat(statement.totalVoided()).as("voids").isEqualTo(voided);
        // the total is its parts, whatever the row
        soft.assertThat(statement.total()).as("total = its parts").isEqualByComparingTo(
                statement.totalServiceFees().add(statement.totalOutputPayment()).subtract(statement.totalClawbacks())
                        .add(statement.totalTargetedDeliveryFunding()).add(statement.adjustments()).add(statement.reconcileAmount()));
        soft.assertAll();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Single rules
    // ---------------------------------------------------------------------------------------------------------

    /** spec/models/statement_spec.rb #use_targeted_delivery_funding?: October 2025 or earlier, cohort 2022 or later. */
    @ParameterizedTest(name = "{0}-{1}, cohort {2}: TDF {3}")
    @CsvSource({
        "2025, 10, 2021, false",
        "2025, 10, 2022, true",
        "2025, 10, 2023, true",
        "2025, 10, 2024, true",
        "2025, 10, 2025, true",
        "2025, 11, 2021, false",
        "2025, 11, 2022, false",
        "2025, 11, 2023, false",
        "2025, 11, 2024, false",
        "2025, 11, 2025, false",
        "2024, 12, 2024, true",
        "2026,  1, 2025, false",
        "2022,  1, 2022, true",
    })
    void targetedDeliveryFundingCutOff(int year, int month, int cohortStartYear, boolean expected) {
        assertThat(StatementFacts.of(year, month, cohortStartYear).usesTargetedDeliveryFunding()).isEqualTo(expected);
    }

    /** number_to_currency: 2 decimals, BigDecimal's default rounding, half up (away from zero), also when negative. */
    @ParameterizedTest(name = "{0} shows as {1}")
    @CsvSource({
        "1212.631578947368421052631578947368421064, 1212.63",
        "16.842105263157894736842105263157894737,   16.84",
        "22.505,   22.51",
        "22.515,   22.52",
        "-22.505, -22.51",
        "0.004,    0.00",
        "160,      160.00",
        "-0.005,  -0.01",
    })
    void shownToThePennyHalfUp(String exact, String shown) {
        assertThat(StatementCalculator.shown(new BigDecimal(exact))).isEqualTo(new BigDecimal(shown));
    }

    /** summary_calculator_spec #total_clawbacks: clawback payments 160, TDF refundable 100, total clawbacks 260. */
    @Test
    void totalClawbacksAreOutputClawbacksAndTdfRefunds() {
        StatementBreakdown statement = CALCULATOR.calculate(StatementFacts.of(2025, 9, 2022),
                List.of(new StatementCalculator.CourseInput(terms().build(),
                        counts().refundedStarted(1).tdfRefundedStarted(1).build())));
        assertThat(statement.clawbackPayments()).isEqualByComparingTo("160");
        assertThat(statement.totalTargetedDeliveryFundingRefund()).isEqualByComparingTo("100");
        assertThat(statement.totalClawbacks()).isEqualByComparingTo("260");
        assertThat(statement.targetedDeliveryFunding()).isTrue();
        assertThat(statement.shown()).isEqualTo(new StatementBreakdown.Shown(new BigDecimal("1212.63"), new BigDecimal("0.00"),
                new BigDecimal("0.00"), new BigDecimal("260.00"), new BigDecimal("0.00"), new BigDecimal("0.00"), new BigDecimal("952.63")));
    }

    /** A special course is computed and shown on its own ("standalone payments"), only left out of the totals. */
    @Test
    void specialCourseIsStillBrokenDown() {
        StatementBreakdown statement = CALCULATOR.calculate(StatementFacts.of(2025, 9, 2022), List.of(
                new StatementCalculator.CourseInput(terms().monthlyServiceFee("0.0").build(), counts().started(3).build()),
                new StatementCalculator.CourseInput(terms().course("npq-leading-primary-mathematics").monthlyServiceFee("0.0").special().build(),
                        counts().started(7).build())));
        CourseBreakdown maths = statement.course("npq-leading-primary-mathematics");
        assertThat(maths.specialCourse()).isTrue();
        assertThat(maths.outputPaymentSubtotal()).isEqualByComparingTo("1120");
        assertThat(maths.courseTotal()).isEqualByComparingTo("1120");
        assertThat(statement.courses()).extracting(CourseBreakdown::courseIdentifier)
                .containsExactly("npq-leading-teaching", "npq-leading-primary-mathematics");
        assertThat(statement.total()).isEqualByComparingTo("480");
    }

    /** The per type clawback rows of the DfE's course overview: count × output payment per participant. */
    @Test
    void clawbackOfOneType() {
        CourseBreakdown course = CALCULATOR.course(terms().build(), counts().refundedStarted(1).refundedRetained1(2).build(), false);
        assertThat(course.clawback(course.counts().refundedRetained1())).isEqualByComparingTo("320");
        assertThat(course.clawbacks()).isEqualByComparingTo("480");
        assertThat(course.shown().outputPaymentPerParticipant()).isEqualTo(new BigDecimal("160.00"));
    }

    /**
     * The DfE model rejects a null number_of_payment_periods and its calculator would divide by nothing; a contract
     * that pays output payments without payment periods, or service fees without instalments, is refused here.
     */
    @Test
    void contractsThatCannotBeComputedAreRefused() {
        assertThatThrownBy(() -> terms().output(60, null).build())
                .isInstanceOfSatisfying(ContractTerms.InvalidTerms.class, e -> assertThat(e.field).isEqualTo("numberOfPaymentPeriods"));
        assertThatThrownBy(() -> terms().output(60, 0).build())
                .isInstanceOfSatisfying(ContractTerms.InvalidTerms.class, e -> assertThat(e.field).isEqualTo("numberOfPaymentPeriods"));
        assertThatThrownBy(() -> terms().service(40, 0).build())
                .isInstanceOfSatisfying(ContractTerms.InvalidTerms.class, e -> assertThat(e.field).isEqualTo("serviceFeeInstallments"));
        assertThatThrownBy(() -> terms().target(0).build())
                .isInstanceOfSatisfying(ContractTerms.InvalidTerms.class, e -> assertThat(e.field).isEqualTo("recruitmentTarget"));
        assertThatThrownBy(() -> terms().perParticipant("0").build())
                .isInstanceOfSatisfying(ContractTerms.InvalidTerms.class, e -> assertThat(e.field).isEqualTo("perParticipant"));
        assertThatThrownBy(() -> terms().monthlyServiceFee("-1").build())
                .isInstanceOfSatisfying(ContractTerms.InvalidTerms.class, e -> assertThat(e.field).isEqualTo("monthlyServiceFee"));
        // no output payment: no payment periods needed; no service fee: no instalments needed
        assertThat(terms().output(0, null).service(0, 0).build().numberOfPaymentPeriods()).isNull();
    }

    @Test
    void countsMustBeConsistent() {
        assertThatThrownBy(() -> counts().started(1).tdfStarted(2).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("targetedDeliveryFundingStarted");
        assertThatThrownBy(() -> counts().tdfRefundedStarted(1).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("targetedDeliveryFundingRefundedStarted");
        assertThatThrownBy(() -> counts().voided(-1).build()).isInstanceOf(IllegalArgumentException.class);
    }

    /** "Can only have one contract for statement and course". */
    @Test
    void oneContractPerCourse() {
        assertThatThrownBy(() -> CALCULATOR.calculate(StatementFacts.of(2025, 9, 2022), List.of(
                new StatementCalculator.CourseInput(terms().build(), counts().build()),
                new StatementCalculator.CourseInput(terms().build(), counts().build()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("npq-leading-teaching");
    }

    /** One calculator, many threads, the same answers. */
    @Test
    void sharedBetweenThreads() {
        Statement given = statement().adjustments("100.12").course(terms(), counts().started(10).tdfStarted(3))
                .course(terms().course("npq-senco").output(60, 4), counts().started(5).refundedRetained2(1));
        StatementBreakdown expected = CALCULATOR.calculate(given.facts(), given.courses());
        List<StatementBreakdown> results = IntStream.range(0, 2_000).parallel()
                .mapToObj(i -> CALCULATOR.calculate(given.facts(), given.courses())).toList();
        assertThat(results).hasSize(2_000).allSatisfy(r -> assertThat(r).isEqualTo(expected));
        // 2 × 1212.63... service fees + 1600 + 300 TDF + 600 - 120 clawed back + 100.12
        assertThat(expected.total()).isEqualByComparingTo("4905.383157894736842105263157894736842128");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Builders: each row states what differs from the DfE's factory defaults
    // ---------------------------------------------------------------------------------------------------------

    private static Arguments row(Object... columns) {
        return Arguments.of(columns);
    }

    static Terms terms() {
        return new Terms();
    }

    static Counts counts() {
        return new Counts();
    }

    static Statement statement() {
        return new Statement();
    }

    /** A contract: the DfE's contract template factory, monthly service fee nil, for NPQLT. Copies on change. */
    static final class Terms {
        private String course = "npq-leading-teaching";
        private String perParticipant = "800.00";
        private int outputPercentage = 60;
        private Integer paymentPeriods = 3;
        private int servicePercentage = 40;
        private int instalments = 19;
        private int target = 72;
        private String monthlyServiceFee;
        private String tdfPerParticipant = "100.0";
        private boolean special;

        private Terms copy() {
            Terms t = new Terms();
            t.course = course;
            t.perParticipant = perParticipant;
            t.outputPercentage = outputPercentage;
            t.paymentPeriods = paymentPeriods;
            t.servicePercentage = servicePercentage;
            t.instalments = instalments;
            t.target = target;
            t.monthlyServiceFee = monthlyServiceFee;
            t.tdfPerParticipant = tdfPerParticipant;
            t.special = special;
            return t;
        }

        Terms course(String v) { Terms t = copy(); t.course = v; return t; }
        Terms perParticipant(String v) { Terms t = copy(); t.perParticipant = v; return t; }
        Terms output(int percentage, Integer periods) { Terms t = copy(); t.outputPercentage = percentage; t.paymentPeriods = periods; return t; }
        Terms service(int percentage, int instalments) { Terms t = copy(); t.servicePercentage = percentage; t.instalments = instalments; return t; }
        Terms target(int v) { Terms t = copy(); t.target = v; return t; }
        Terms monthlyServiceFee(String v) { Terms t = copy(); t.monthlyServiceFee = v; return t; }
        Terms tdfPerParticipant(String v) { Terms t = copy(); t.tdfPerParticipant = v; return t; }
        Terms special() { Terms t = copy(); t.special = true; return t; }

        ContractTerms build() {
            return new ContractTerms(course, new BigDecimal(perParticipant), outputPercentage, paymentPeriods, servicePercentage,
                    instalments, target, monthlyServiceFee == null ? null : new BigDecimal(monthlyServiceFee),
                    new BigDecimal(tdfPerParticipant), special);
        }

        @Override
        public String toString() {
            return course + (special ? " (special)" : "");
        }
    }

    /** What a statement holds for a course: nothing unless stated. */
    static final class Counts {
        private final int[] c = new int[12];

        private Counts set(int i, int v) { c[i] = v; return this; }
        Counts started(int v) { return set(0, v); }
        Counts retained1(int v) { return set(1, v); }
        Counts retained2(int v) { return set(2, v); }
        Counts completed(int v) { return set(3, v); }
        Counts refundedStarted(int v) { return set(4, v); }
        Counts refundedRetained1(int v) { return set(5, v); }
        Counts refundedRetained2(int v) { return set(6, v); }
        Counts refundedCompleted(int v) { return set(7, v); }
        Counts notEligible(int v) { return set(8, v); }
        Counts voided(int v) { return set(9, v); }
        Counts tdfStarted(int v) { return set(10, v); }
        Counts tdfRefundedStarted(int v) { return set(11, v); }

        CourseCounts build() {
            return new CourseCounts(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11]);
        }
    }

    /** A statement: September 2025, cohort 2022, no adjustments, no reconcile amount, the courses given. */
    static final class Statement {
        private int year = 2025;
        private int month = 9;
        private int cohortStartYear = 2022;
        private BigDecimal adjustments = BigDecimal.ZERO;
        private BigDecimal reconcile = BigDecimal.ZERO;
        private final List<StatementCalculator.CourseInput> courses = new ArrayList<>();

        Statement on(int year, int month) { this.year = year; this.month = month; return this; }
        Statement cohort(int startYear) { this.cohortStartYear = startYear; return this; }
        Statement reconcile(String amount) { this.reconcile = new BigDecimal(amount); return this; }

        Statement adjustments(String... amounts) {
            for (String amount : amounts) adjustments = adjustments.add(new BigDecimal(amount));
            return this;
        }

        Statement course(Terms terms, Counts counts) {
            courses.add(new StatementCalculator.CourseInput(terms.build(), counts.build()));
            return this;
        }

        StatementFacts facts() {
            return new StatementFacts(year, month, cohortStartYear, adjustments, reconcile);
        }

        List<StatementCalculator.CourseInput> courses() {
            return courses;
        }

        @Override
        public String toString() {
            return year + "-" + month + " cohort " + cohortStartYear + " " + courses.size() + " course(s)";
        }
    }
}
