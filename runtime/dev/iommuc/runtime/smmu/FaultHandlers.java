package dev.iommuc.runtime.smmu;

/**
 * The driver's fault interrupt handlers (reference/arm-smmu-v2.md §6.4, §8.2), for an executor that
 * wants the kernel's messages: each reads the fault record, prints, and writes it back to clear it.
 * Until they run, faults stay latched in the registers (and show in snapshots).
 */
final class FaultHandlers {

    private FaultHandlers() {
    }

    /** {@code arm_smmu_global_fault}: true when sGFSR had a fault. */
    static boolean global(ArmSmmu s) {
        int gfsr = s.gr0Read(Reg.SGFSR);
        if (gfsr == 0) {
            return false;
        }
        int syn0 = s.gr0Read(Reg.SGFSYNR0);
        int syn1 = s.gr0Read(Reg.SGFSYNR1);
        int syn2 = s.gr0Read(Reg.SGFSYNR2);
        // CONFIG_ARM_SMMU_DISABLE_BYPASS_BY_DEFAULT is y (§2.1)
        if ((gfsr & Reg.GFSR_USF) != 0) {
            s.err(String.format("Blocked unknown Stream ID 0x%x; boot with \"arm-smmu.disable_bypass=0\" to allow, "
                    + "but this may have security implications", syn1 & 0xffff));
        } else {
            s.err("Unexpected global fault, this could be serious");
            s.err(String.format("\tGFSR 0x%08x, GFSYNR0 0x%08x, GFSYNR1 0x%08x, GFSYNR2 0x%08x", gfsr, syn0, syn1, syn2));
        }
        s.gr0Write(Reg.SGFSR, gfsr);
        return true;
    }

    /** {@code arm_smmu_context_fault} for bank {@code cb}: true when its FSR had a fault. */
    static boolean context(ArmSmmu s, int cb) {
        int fsr = s.cbRead(cb, Reg.CB_FSR);
        if ((fsr & Reg.FSR_FAULT) == 0) {
            return false;
        }
        long iova = s.cbRead64(cb, Reg.CB_FAR);
        int fsynr = s.cbRead(cb, Reg.CB_FSYNR0);
        int cbfrsynra = s.gr1Read(Reg.cbfrsynra(cb));
        s.err(String.format("Unhandled context fault: fsr=0x%x, iova=0x%08x, fsynr=0x%x, cbfrsynra=0x%x, cb=%d",
                fsr, iova, fsynr, cbfrsynra, cb));
        s.cbWrite(cb, Reg.CB_FSR, fsr);
        return true;
    }
}
