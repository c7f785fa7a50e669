package uk.npq.registration;

import io.quarkus.test.junit.QuarkusTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import uk.npq.platform.testing.BadInputSweep;

/**
 * Every operation of this service's contract, sent generated bad requests (a NUL in each parameter and string, every
 * wrong JSON type at each attribute, the wrong or no Content-Type, malformed JSON): each answer is a 4xx
 * problem+json the contract documents, naming what is wrong, and nothing is written (platform {@link BadInputSweep}).
 */
@QuarkusTest
class BadInputSweepTest {

    @TestFactory
    Stream<DynamicTest> badInputIsA4xxProblemThatWritesNothing() {
        return BadInputSweep.forService("registration-service").tests();
    }
}
