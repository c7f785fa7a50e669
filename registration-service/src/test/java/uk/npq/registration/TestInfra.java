package uk.npq.registration;

import io.quarkus.test.common.QuarkusTestResource;
import uk.npq.platform.testing.NpqTestInfra;

/** Real PostgreSQL, Kafka and Apicurio Registry for every test of this module. */
@QuarkusTestResource(value = NpqTestInfra.class, restrictToAnnotatedClass = false)
public class TestInfra {}
