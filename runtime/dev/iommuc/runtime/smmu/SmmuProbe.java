package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.Errno;

/**
 * {@code arm_smmu_device_probe} as far as it concerns the hardware (reference/arm-smmu-v2.md §1.2–1.4,
 * §7.1, §7.3): DT checks, interrupt counts, the ID-register probe with every check, the impl
 * {@code cfg_probe}, the device reset and the SMR width probe, all through the register file.
 */
final class SmmuProbe {

    private SmmuProbe() {
    }

    static Result probe(ArmSmmu s) {
        // §1.2 step 1
        if (!s.iommu.params().containsKey("num-global-irqs")) {
            return Result.error(Errno.ENODEV, "missing #global-interrupts property");
        }
        // §1.2 step 2
        Result bind = s.system.bind(s.iommu.legacy(), s);
        if (!bind.isOk()) {
            return bind;
        }
        // §1.3: interrupts beyond the global ones are context interrupts
        int global = (int) s.iommu.param("num-global-irqs", 0);
        // absent: one per bank, as the binding requires on SMMUv2 (§1.3)
        int context = (int) s.iommu.param("num-context-irqs", s.iommu.param("num-context-banks", 8));
        s.cfg.numGlobalIrqs = global;
        s.cfg.numContextIrqs = context;
        if (context <= 0) {
            return Result.error(Errno.ENODEV, String.format("found %d interrupts but expected at least %d",
                    global + context, global + 1));
        }
        Result r = cfgProbe(s);
        if (!r.isOk()) {
            return r;
        }
        // §1.3: SMMUv2 needs one context interrupt per bank, checked after the impl's NUMCB fix-ups
        if (s.cfg.version.isV2()) {
            if (s.cfg.numCb > context) {
                return Result.error(Errno.ENODEV, String.format("found only %d context irq(s) but %d required",
                        context, s.cfg.numCb));
            }
            s.cfg.numContextIrqs = s.cfg.numCb;
        }
        reset(s);
        testSmrMasks(s);
        return Result.ok();
    }

    /** {@code arm_smmu_device_cfg_probe} (§1.4). */
    private static Result cfgProbe(ArmSmmu s) {
        SmmuCfg c = s.cfg;
        c.version = s.hw.version();
        boolean v2 = c.version.isV2();
        int id = s.gr0Read(Reg.IDR0);
        int forceStage = (int) s.iommu.param("force-stage", 0);
        if (forceStage == 1) {
            id &= ~(Reg.IDR0_S2TS | Reg.IDR0_NTS);
        } else if (forceStage == 2) {
            id &= ~(Reg.IDR0_S1TS | Reg.IDR0_NTS);
        }
        c.transS1 = (id & Reg.IDR0_S1TS) != 0;
        c.transS2 = (id & Reg.IDR0_S2TS) != 0;
        c.transNested = (id & Reg.IDR0_NTS) != 0;
        if (!c.transS1 && !c.transS2) {
            return Result.error(Errno.ENODEV, "\tno translation support!");
        }
        c.transOps = c.transS1 && (!v2 || (id & Reg.IDR0_ATOSNS) == 0);
        c.fmtAarch32L = c.version == SmmuVersion.V1 || (id & Reg.IDR0_PTFS_NO_AARCH32) == 0;
        c.fmtAarch32S = c.fmtAarch32L && (id & Reg.IDR0_PTFS_NO_AARCH32S) == 0;
        boolean cttw = (id & Reg.IDR0_CTTW) != 0;
        c.coherentWalk = s.iommu.param("coherent-walk", 0) != 0; // dma-coherent decides (§1.2 step 3)
        if (c.coherentWalk != cttw) {
            s.notice("(IDR0.CTTW overridden by FW configuration)");
        }
        int size = 1 << ((id >>> Reg.IDR0_NUMSIDB_SHIFT) & 0xf);
        if (v2 && (id & Reg.IDR0_EXIDS) != 0) {
            c.exids = true;
            size = 1 << 16;
        }
        c.streamidMask = size - 1;
        if ((id & Reg.IDR0_SMS) != 0) {
            c.streamMatch = true;
            size = id & 0xff;
            if (size == 0) {
                return Result.error(Errno.ENODEV, "stream-matching supported, but no SMRs present!");
            }
        }
        c.numMappingGroups = size;
        s.streamMap = new StreamMap(s, size, c.streamMatch, s.kernel.disableBypass());

        int id1 = s.gr0Read(Reg.IDR1);
        c.pgshift = (id1 & Reg.IDR1_PAGESIZE) != 0 ? 16 : 12;
        c.numPage = 1 << (((id1 >>> Reg.IDR1_NUMPAGENDXB_SHIFT) & 7) + 1);
        long regSize = s.iommu.param("reg-size", 0);
        long expected = (2L * c.numPage) << c.pgshift;
        if (regSize != 0 && regSize != expected) {
            s.warn(String.format("SMMU address space size (0x%x) differs from mapped region size (0x%x)!",
                    expected, regSize));
        }
        c.numS2Cb = (id1 >>> Reg.IDR1_NUMS2CB_SHIFT) & 0xff;
        c.numCb = id1 & 0xff;
        if (c.numS2Cb > c.numCb) {
            return Result.error(Errno.ENODEV, "impossible number of S2 context banks!");
        }
        s.info(String.format("\t%d context banks (%d stage-2 only)", c.numCb, c.numS2Cb));
        s.banks = new ContextBanks(s, c.numCb);

        int id2 = s.gr0Read(Reg.IDR2);
        c.ipaSize = SmmuHw.sizeToBits(id2 & 0xf);
        c.paSize = SmmuHw.sizeToBits((id2 >>> 4) & 0xf);
        c.vmid16 = (id2 & Reg.IDR2_VMID16) != 0;
        if (!v2) {
            c.vaSize = c.ipaSize;
            c.fmtAarch64K64 = c.version == SmmuVersion.V1_64K;
        } else {
            c.vaSize = SmmuHw.sizeToBits((id2 >>> 8) & 0xf);
            c.fmtAarch64K4 = (id2 & Reg.IDR2_PTFS_4K) != 0;
            c.fmtAarch64K16 = (id2 & Reg.IDR2_PTFS_16K) != 0;
            c.fmtAarch64K64 = (id2 & Reg.IDR2_PTFS_64K) != 0;
        }
        Result r = s.impl.cfgProbe(s);
        if (!r.isOk()) {
            return r;
        }
        c.pgsizeBitmap = c.computePgsizeBitmap();
        s.info(String.format("\tStage-1: %d-bit VA -> %d-bit IPA", c.vaSize, c.ipaSize));
        s.info(String.format("\tStage-2: %d-bit IPA -> %d-bit PA", c.ipaSize, c.paSize));
        return Result.ok();
    }

    /** {@code arm_smmu_device_reset} (§7.3): also what a power cycle replays. */
    static void reset(ArmSmmu s) {
        SmmuCfg c = s.cfg;
        s.gr0Write(Reg.SGFSR, s.gr0Read(Reg.SGFSR));
        for (int i = 0; i < s.streamMap.size(); i++) {
            s.streamMap.writeSme(i);
        }
        for (int i = 0; i < c.numCb; i++) {
            s.banks.write(i);
            s.cbWrite(i, Reg.CB_FSR, Reg.FSR_FAULT);
        }
        s.gr0Write(Reg.TLBIALLH, Reg.QCOM_DUMMY_VAL);
        s.gr0Write(Reg.TLBIALLNSNH, Reg.QCOM_DUMMY_VAL);
        int reg = s.gr0Read(Reg.SCR0);
        reg |= Reg.SCR0_GFRE | Reg.SCR0_GFIE | Reg.SCR0_GCFGFRE | Reg.SCR0_GCFGFIE;
        reg &= ~Reg.SCR0_CLIENTPD;
        if (s.kernel.disableBypass()) {
            reg |= Reg.SCR0_USFCFG;
        } else {
            reg &= ~Reg.SCR0_USFCFG;
        }
        reg &= ~Reg.SCR0_FB;
        reg |= Reg.SCR0_VMIDPNE | Reg.SCR0_PTM;
        reg &= ~Reg.SCR0_BSU;
        if (c.vmid16) {
            reg |= Reg.SCR0_VMID16EN;
        }
        if (c.exids) {
            reg |= Reg.SCR0_EXIDENABLE;
        }
        s.impl.reset(s);
        s.gr0Write(Reg.STLBGSYNC, Reg.QCOM_DUMMY_VAL);
        while ((s.gr0Read(Reg.STLBGSTATUS) & 1) != 0) {
            Thread.onSpinWait();
        }
        s.gr0Write(Reg.SCR0, reg);
    }

    /**
     * {@code arm_smmu_test_smr_masks} (§1.4): on the first SMR that is free in software, the ID bits
     * that stick become {@code streamid_mask}, then the MASK bits that stick {@code smr_mask_mask};
     * the SMR is left invalid. Without SMRs, or with none free, {@code smr_mask_mask} stays 0.
     */
    static void testSmrMasks(ArmSmmu s) {
        int i = s.streamMap.firstInvalidSmr();
        if (i < 0) {
            return;
        }
        SmmuCfg c = s.cfg;
        s.gr0Write(Reg.smr(i), c.streamidMask & 0xffff);
        c.streamidMask = s.gr0Read(Reg.smr(i)) & 0xffff;
        s.gr0Write(Reg.smr(i), (c.streamidMask & 0xffff) << 16);
        c.smrMaskMask = s.gr0Read(Reg.smr(i)) >>> 16;
    }
}
