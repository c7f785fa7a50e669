package uk.npq.registration;

import io.quarkus.test.common.QuarkusTestResource;
import uk.npq.platform.testing.NpqTestInfra;
import uk.npq.platform.testing.TrsStandIn;

/** Real PostgreSQL, Kafka, Apicurio Registry and the stand-in Teacher Record System for every test of this module. */
@QuarkusTestResource(value = NpqTestInfra.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TrsStandIn.class, restrictToAnnotatedClass = false)
public class TestInfra {}
