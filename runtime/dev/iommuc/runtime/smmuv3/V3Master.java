package dev.iommuc.runtime.smmuv3;

import dev.iommuc.runtime.plan.PlanMaster;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code struct arm_smmu_master} (reference/dart-smmuv3-of.md B.5, B.7): the StreamIDs of the fwspec in
 * order (duplicates kept, as the fwspec keeps them), the SSID width, the CD table (6.12: per master,
 * allocated at the first stage-1 attach) and what each SSID is attached to.
 */
final class V3Master {

    final PlanMaster plan;
    final List<Long> sids;
    /** min(pasid-num-bits, SSIDSIZE), capped at 10 without CD2L (B.1, B.5). */
    final int ssidBits;
    V3Group group;
    V3Domain domain;
    CdTable cdTable;
    /** SSID → the per-process context domain written there (SSID 0 is {@link #domain}). */
    final Map<Integer, V3Domain> pasids = new TreeMap<>();

    V3Master(PlanMaster plan, List<Long> sids, int ssidBits) {
        this.plan = plan;
        this.sids = List.copyOf(sids);
        this.ssidBits = ssidBits;
    }

    String id() {
        return plan.id();
    }
}
