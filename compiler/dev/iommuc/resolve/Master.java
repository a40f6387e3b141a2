package dev.iommuc.resolve;

import dev.iommuc.diag.SourcePos;

import java.util.List;

/**
 * A device that issues DMA through one or more IOMMUs. For {@code iommu-map} hosts each PCI function
 * (a DT child with {@code reg}, or a RID the policy lists) is its own master, named
 * {@code <host path>/pci-rid@<rid>} when it has no DT node.
 *
 * @param streams    in DT order; may name several providers
 * @param pasidBits  {@code pasid-num-bits}, or 0
 * @param noIommu    why the master ends up without an IOMMU (e.g. "iommu /x is disabled"), or null
 */
public record Master(String path, String label, List<String> compatible, List<StreamRef> streams,
                     int pasidBits, boolean dmaCoherent, String noIommu, SourcePos pos) {

    public Master {
        compatible = List.copyOf(compatible);
        streams = List.copyOf(streams);
    }
}
