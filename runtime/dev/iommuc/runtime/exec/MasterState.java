package dev.iommuc.runtime.exec;

import dev.iommuc.runtime.plan.PlanStream;

import java.util.List;

/** One master after the run: its group and the domain it is attached to (null when none). */
public record MasterState(String id, List<String> compatible, List<String> iommus, List<PlanStream> streams,
                          String group, String domain, String noIommu) {

    public MasterState {
        compatible = List.copyOf(compatible);
        iommus = List.copyOf(iommus);
        streams = List.copyOf(streams);
    }
}
