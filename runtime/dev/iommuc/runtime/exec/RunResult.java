package dev.iommuc.runtime.exec;

import java.util.List;

/**
 * What executing a plan produced: the final state of every IOMMU, master, group and domain, and what
 * went wrong on the way (SPEC §5; the report writer turns this into {@code iommuc.report/v1}).
 */
public record RunResult(List<IommuState> iommus, List<MasterState> masters, List<GroupState> groups,
                        List<DomainState> domains, List<Event> events) {

    public RunResult {
        iommus = List.copyOf(iommus);
        masters = List.copyOf(masters);
        groups = List.copyOf(groups);
        domains = List.copyOf(domains);
        events = List.copyOf(events);
    }

    /** A runtime finding: an error the kernel would hit at boot, a warning, or a note. */
    public record Event(String severity, String check, String node, String message) {
    }
}
