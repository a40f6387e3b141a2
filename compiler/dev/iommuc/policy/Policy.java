package dev.iommuc.policy;

import dev.iommuc.diag.SourcePos;

import java.util.List;

/**
 * A whole {@code iommuc.policy/v1} document (docs/policy.md). A loaded file holds only what it
 * states; {@link PolicyLayering#layer} puts it over its profile and fills every kernel fact.
 *
 * @param profile the built-in base policy this file is layered over ({@code linux-6.12} or
 *                {@code none})
 * @param pos     the document's top mapping
 */
public record Policy(String apiVersion, String profile, KernelFacts kernel, List<MasterRule> masters,
                     List<DriverDomain> domains, Sharing sharing, List<HardwareOverride> hardware,
                     List<PciHost> pci, List<Buffer> workload, SourcePos pos) {

    public static final String API_VERSION = "iommuc.policy/v1";

    /** A policy stating nothing: the base of {@code profile: none}. */
    public static final Policy EMPTY = new Policy(API_VERSION, Profiles.NONE, KernelFacts.UNSET, List.of(),
            List.of(), Sharing.UNSET, List.of(), List.of(), List.of(), SourcePos.UNKNOWN);

    public Policy {
        masters = List.copyOf(masters);
        domains = List.copyOf(domains);
        hardware = List.copyOf(hardware);
        pci = List.copyOf(pci);
        workload = List.copyOf(workload);
    }

    /** The driver domain of that name, or null. */
    public DriverDomain domain(String name) {
        for (DriverDomain d : domains) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }
}
