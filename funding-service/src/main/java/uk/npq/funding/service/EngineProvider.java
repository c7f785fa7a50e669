package uk.npq.funding.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.HashSet;
import java.util.Set;
import uk.npq.funding.domain.FundingEngine;

/** The engine, built from the reference data's eligible establishment types and non-England LA codes. */
@ApplicationScoped
public class EngineProvider {
    @Inject EntityManager em;
    private volatile FundingEngine engine;

    @Transactional(Transactional.TxType.SUPPORTS)
    public FundingEngine engine() {
        FundingEngine e = engine;
        if (e == null) {
            Set<Integer> eligible = new HashSet<>();
            for (Object code : em.createNativeQuery("SELECT code FROM establishment_type WHERE eligible").getResultList()) {
                eligible.add(((Number) code).intValue());
            }
            Set<String> notInEngland = new HashSet<>();
            for (Object la : em.createNativeQuery("SELECT la_code FROM not_in_england_la").getResultList()) notInEngland.add((String) la);
            engine = e = new FundingEngine(eligible, notInEngland);
        }
        return e;
    }
}
