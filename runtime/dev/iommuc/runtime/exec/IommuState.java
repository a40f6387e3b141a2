package dev.iommuc.runtime.exec;

import dev.iommuc.runtime.plan.PlanParam;

import java.util.List;
import java.util.Map;

/**
 * One IOMMU after the run.
 *
 * @param emulation  {@code register} for SMMUv2/SMMUv3/DART models, {@code generic} for the rest
 * @param status     {@code okay}, {@code disabled} or {@code probe-failed}
 * @param streamMap  SMMUv2 stream-map entries (SMR/S2CR), SMMUv3 STEs or DART stream slots in use
 * @param contextBanks SMMUv2 context banks (or SMMUv3 CDs / DART TTBR sets) in use
 * @param registers  global registers and structures (stream table shape), by name; empty for generic
 */
public record IommuState(String id, String label, List<String> compatible, String model, String impl,
                         String emulation, String status, Map<String, PlanParam> params, List<StreamEntry> streamMap,
                         List<ContextBank> contextBanks, Map<String, Long> registers) {

    public IommuState {
        compatible = List.copyOf(compatible);
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        streamMap = List.copyOf(streamMap);
        contextBanks = List.copyOf(contextBanks);
        registers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(registers));
    }

    /** One stream-map entry; {@code type} is trans, bypass or fault; contextBank null unless trans. */
    public record StreamEntry(int index, long sid, long mask, String type, Integer contextBank, String group,
                              Map<String, Long> registers) {
    }

    /**
     * One context bank (or equivalent), with the register values the driver wrote. An SMMUv3 CD: index is
     * its SSID and {@code master} the master whose CD table holds it (CD tables are per master); null for
     * the others.
     */
    public record ContextBank(int index, String domain, String stage, String format, Integer asid, Integer vmid,
                              Map<String, Long> registers, String master) {

        public ContextBank(int index, String domain, String stage, String format, Integer asid, Integer vmid,
                           Map<String, Long> registers) {
            this(index, domain, stage, format, asid, vmid, registers, null);
        }
    }
}
