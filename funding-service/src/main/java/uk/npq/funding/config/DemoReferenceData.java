package uk.npq.funding.config;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import uk.npq.funding.service.ContractImports;
import uk.npq.funding.service.ReferenceDataService;
import uk.npq.platform.csv.Csv;

/**
 * Loads the demo reference data of the local suite (src/main/resources/demo) through the same imports an
 * admin uses, when npq.funding.demo-data is on and no establishment exists yet. It exercises every branch
 * of the decision table: eligible and ineligible types, an LA nursery school, schools outside England, a
 * 16-19 college, every eligibility list, early-years and ITT providers; and the two demo lead providers'
 * course offers, statements (the sandbox calendar: monthly for three years from two months before each
 * cohort's registration opens, output-fee in March, June, September, December and the last month,
 * deadline six days before the month, payment a month later) and contracts.
 */
@ApplicationScoped
public class DemoReferenceData {
    private static final Logger LOG = Logger.getLogger(DemoReferenceData.class);

    @ConfigProperty(name = "npq.funding.demo-data", defaultValue = "false") boolean enabled;
    @Inject ReferenceDataService reference;
    @Inject ContractImports contracts;
    @Inject EntityManager em;

    void load(@Observes StartupEvent ignored) {
        if (!enabled) return;
        if (empty("course_offer")) {
            contracts.importCourseOffers(read("course-offers.csv"), false);
            contracts.importStatements(read("statements.csv"), false);
            contracts.importContracts(read("contracts.csv"), false);
            LOG.info("loaded the demo course offers, statements and contracts");
        }
        if (empty("lead_provider")) contracts.importLeadProviders(read("lead-providers.csv"), false);
        if (!empty("establishment")) return;
        reference.importEstablishments(new java.io.StringReader(read("establishments.csv")), false);
        reference.importEarlyYearsProviders(read("early-years-providers.csv"), false);
        reference.importIttProviders(read("itt-providers.csv"), false);
        reference.importLocalAuthorities(read("local-authorities.csv"), false);
        for (String list : ReferenceDataService.LIST_TYPES) {
            reference.importEligibilityList(list, read(list + ".csv"), false, "demo-data");
        }
        LOG.info("loaded the demo reference data");
    }

    private boolean empty(String table) {
        return QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery("SELECT count(*) FROM " + table).getSingleResult()).longValue() == 0);
    }

    private static String read(String name) {
        try (InputStream in = DemoReferenceData.class.getResourceAsStream("/demo/" + name)) {
            if (in == null) throw new IllegalStateException("missing demo file " + name);
            return Csv.decode(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
