package uk.npq.funding.domain;

/**
 * What a contract upload leaves out, by course group, as the DfE's bulk contract upload fills it: leadership
 * courses pay 60% in 4 output payments and 40% as service fee; specialist courses 60% in 3 and 40%; the early
 * headship coaching offer and the additional support offer 100% in 4 output payments and no service fee.
 */
public record ContractDefaults(int outputPaymentPercentage, int numberOfPaymentPeriods, int serviceFeePercentage) {

    public static ContractDefaults forGroup(Course.Group group) {
        return switch (group) {
            case LEADERSHIP -> new ContractDefaults(60, 4, 40);
            case SPECIALIST -> new ContractDefaults(60, 3, 40);
            case EHCO, SUPPORT -> new ContractDefaults(100, 4, 0);
        };
    }
}
