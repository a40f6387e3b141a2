package dev.iommuc.policy;

import dev.iommuc.diag.SourcePos;

import java.util.List;

/**
 * PCI functions (or fsl-mc ICIDs) that sit behind an {@code iommu-map} host but have no DT node:
 * each listed requester ID becomes a master, as if enumerated.
 */
public record PciHost(List<Selector> host, List<Long> rids, SourcePos pos) {

    public PciHost {
        host = List.copyOf(host);
        rids = List.copyOf(rids);
    }
}
