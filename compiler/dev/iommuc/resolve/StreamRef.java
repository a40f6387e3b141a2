package dev.iommuc.resolve;

import java.util.List;

/**
 * One master interface on one provider: what a single {@code iommus} entry, {@code iommu-map}
 * translation or {@code mmu-masters} entry says, decoded as the provider's driver decodes it.
 *
 * @param provider path of the provider node
 * @param via      which binding stated it
 * @param index    entry index within the stating property (for diagnostics and ordering)
 * @param args     the raw specifier cells, as written
 * @param sid      stream ID after the driver's decoding (for SMMUv1/v2: fwid bits [15:0])
 * @param mask     SMR mask (SMMUv1/v2 only: fwid bits [31:16], from the second cell or
 *                 {@code stream-match-mask}); 0 elsewhere
 * @param rid      PCI requester ID (or fsl-mc ICID) for {@code iommu-map} streams, else null
 */
public record StreamRef(String provider, Via via, int index, List<Long> args, long sid, long mask, Long rid) {

    public enum Via { IOMMUS, IOMMU_MAP, MMU_MASTERS }

    public StreamRef {
        args = List.copyOf(args);
    }
}
