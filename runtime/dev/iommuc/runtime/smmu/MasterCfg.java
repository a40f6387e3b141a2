package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.plan.PlanMaster;

import java.util.Arrays;

/**
 * A master the driver has probed (its {@code arm_smmu_master_cfg}, reference/arm-smmu-v2.md §1.7):
 * the fwids in fwspec order ({@code mask << 16 | sid}, §1.5), one {@code smendx} slot per fwid, its
 * group and the domain it is attached to.
 */
final class MasterCfg {
    static final int INVALID_SMENDX = -1;

    final PlanMaster master;
    final int[] fwids;
    final int[] smendx;
    IommuGroup group;
    SmmuDomain domain;

    MasterCfg(PlanMaster master, int[] fwids) {
        this.master = master;
        this.fwids = fwids.clone();
        this.smendx = new int[fwids.length];
        Arrays.fill(smendx, INVALID_SMENDX);
    }

    static int sid(int fwid) {
        return fwid & 0xffff;
    }

    static int mask(int fwid) {
        return fwid >>> 16;
    }

    String id() {
        return master.id();
    }

    /** §4.6 qcom_adreno_smmu_is_gpu_device: any fwid whose SID field is 0, whatever its mask. */
    boolean hasSid0() {
        for (int f : fwids) {
            if (sid(f) == 0) {
                return true;
            }
        }
        return false;
    }
}
