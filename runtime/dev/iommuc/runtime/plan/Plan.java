package dev.iommuc.runtime.plan;

import java.util.List;

/**
 * {@code iommuc.plan/v1}: everything the runtime needs, and nothing of the source it came from.
 * The contract between compiler and runtime (SPEC §3): same inputs, equal plans.
 *
 * @param files     input files (board first), for the report
 * @param policy    policy file, or null
 * @param profile   built-in profile name the policy started from
 * @param sharing   {@code per-group}, {@code per-iommu} or {@code herd}
 */
public record Plan(List<String> files, String policy, String profile, Kernel kernel, String sharing,
                   List<PlanIommu> iommus, List<PlanMaster> masters, List<PlanDomain> domains,
                   List<PlanBuffer> workload, List<Operation> operations) {

    public static final String API_VERSION = "iommuc.plan/v1";

    public Plan {
        files = List.copyOf(files);
        iommus = List.copyOf(iommus);
        masters = List.copyOf(masters);
        domains = List.copyOf(domains);
        workload = List.copyOf(workload);
        operations = List.copyOf(operations);
    }
}
