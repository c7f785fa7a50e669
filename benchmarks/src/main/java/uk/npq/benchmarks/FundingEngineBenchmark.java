package uk.npq.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import uk.npq.funding.domain.CourseFacts;
import uk.npq.funding.domain.FundingEngine;
import uk.npq.funding.domain.FundingInputs;
import uk.npq.funding.domain.RuleSet;

/**
 * Decisions per second of the funding engine on one thread, over a mix of branches: an eligible school
 * (row 18), a PP50-only course off the list (row 17), an early-years childminder (rows 8-9), another
 * setting under review (row 22) and an early exit (row 2).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class FundingEngineBenchmark {
    private final FundingEngine engine = new FundingEngine();
    private final FundingInputs.School school = new FundingInputs.School("100001", "10000001", 1, "202", "2", 240);
    private final FundingInputs[] mix = {
        inputs(HEADSHIP, "a_school", null, null, school, "england"),
        inputs(LEADING_TEACHING, "a_school", null, null, school, "england"),
        inputs(EARLY_YEARS_LEADERSHIP, "early_years_or_childcare", "childminder", null, null, "england"),
        inputs(SENCO, "another_setting", null, "hospital_school", null, "england"),
        inputs(HEADSHIP, "a_school", null, null, school, "another"),
    };
    private int next;

    // the courses as funding's course table holds them (the engine is handed a row's facts, not a constant)
    private static final CourseFacts HEADSHIP = CourseFacts.of("npq-headship", "NPQH", "leadership", "npq-headship");
    private static final CourseFacts LEADING_TEACHING = CourseFacts.of("npq-leading-teaching", "NPQLT", "specialist", "npq-leading-teaching");
    private static final CourseFacts EARLY_YEARS_LEADERSHIP =
            CourseFacts.of("npq-early-years-leadership", "NPQEYL", "leadership", "npq-early-years-leadership");
    private static final CourseFacts SENCO = CourseFacts.of("npq-senco", "NPQSENCO", "leadership", "npq-senco");

    private static FundingInputs inputs(CourseFacts course, String setting, String kind, String employment,
                                        FundingInputs.School school, String catchment) {
        return new FundingInputs("2026b", "capped", RuleSet.Y2026, catchment, false, course, setting, kind, employment,
                null, school, null, false, false, FundingInputs.Lists.NONE);
    }

    @Benchmark
    public FundingEngine.Outcome decideMix() {
        FundingInputs in = mix[next];
        next = next == mix.length - 1 ? 0 : next + 1;
        return engine.decide(in);
    }

    @Benchmark
    public void decideEligibleSchool(Blackhole bh) {
        bh.consume(engine.decide(mix[0]));
    }
}
