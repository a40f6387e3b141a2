package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.ArmLpaeRegs;
import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.pgtable.PageTableConfig;
import dev.iommuc.runtime.pgtable.PageTableFormat;
import dev.iommuc.runtime.pgtable.PageTableOps;
import dev.iommuc.runtime.pgtable.Quirk;

import java.util.BitSet;
import java.util.EnumSet;
import java.util.Set;

/**
 * Context banks (reference/arm-smmu-v2.md §4, §5.5, §8.2, §8.3): the allocation bitmap, the software
 * copy of each bank, {@code arm_smmu_init_domain_context} and {@code arm_smmu_write_context_bank}.
 */
final class ContextBanks {

    /** The driver's software copy of one bank ({@code struct arm_smmu_cb} plus its cfg). */
    static final class Cb {
        SmmuDomain domain;
        int cbarType;
        int irptndx;
        int asidVmid;
        SmmuDomain.Format fmt;
        int tcr0;
        int tcr1;
        long ttbr0;
        long ttbr1;
        int mair0;
        int mair1;
    }

    private static final long SZ_4K_2M_1G = (1L << 12) | (1L << 21) | (1L << 30);

    private final ArmSmmu smmu;
    private final Cb[] cbs;
    private final BitSet map = new BitSet();
    /** SMMUv1 round-robin IRQ counter (§1.3). */
    private int irqCounter;

    ContextBanks(ArmSmmu smmu, int numCb) {
        this.smmu = smmu;
        this.cbs = new Cb[numCb];
        for (int i = 0; i < numCb; i++) {
            cbs[i] = new Cb();
        }
    }

    Cb cb(int idx) {
        return cbs[idx];
    }

    boolean allocated(int idx) {
        return map.get(idx);
    }

    /** {@code __arm_smmu_alloc_bitmap} (§4.5): the first clear bit in [start, end), or -ENOSPC. */
    int allocBitmap(int start, int end) {
        if (start >= end) {
            return -Errno.ENOSPC.value();
        }
        int idx = map.nextClearBit(start);
        if (idx >= end) {
            return -Errno.ENOSPC.value();
        }
        map.set(idx);
        return idx;
    }

    /** A bank taken out of allocation without a domain (the Qualcomm bypass quirk, §7.4). */
    void reserve(int idx) {
        map.set(idx);
    }

    /**
     * {@code arm_smmu_init_domain_context} (§4.2–4.5), once per domain: stage, format, bank, ASID or
     * VMID, table configuration (impl hook, then the domain's quirks), the table, aperture, the
     * software bank and its registers. A failure leaves the domain unbound.
     */
    Result initDomainContext(SmmuDomain d, MasterCfg dev) {
        if (d.smmu != null) {
            return Result.ok();
        }
        SmmuCfg c = smmu.cfg;
        // §4.2: a new domain asks for S1; what the SMMU lacks decides
        SmmuDomain.Stage stage = d.stage;
        if (!c.transS1) {
            stage = SmmuDomain.Stage.S2;
        }
        if (!c.transS2) {
            stage = SmmuDomain.Stage.S1;
        }
        // §4.3: on an arm64 kernel any AArch64 format wins; the short-descriptor format is never chosen
        SmmuDomain.Format fmt = SmmuDomain.Format.NONE;
        if (c.fmtAarch32L) {
            fmt = SmmuDomain.Format.AARCH32_L;
        }
        if (c.anyAarch64()) {
            fmt = SmmuDomain.Format.AARCH64;
        }
        if (fmt == SmmuDomain.Format.NONE) {
            return Result.error(Errno.EINVAL, "no usable context format");
        }
        boolean aarch64 = fmt == SmmuDomain.Format.AARCH64;
        int cbarType;
        int start;
        int ias;
        int oas;
        PageTableFormat pgfmt;
        if (stage == SmmuDomain.Stage.S1) {
            // §4.4: S1 banks start after the S2-only ones
            cbarType = Reg.CBAR_TYPE_S1_TRANS_S2_BYPASS;
            start = c.numS2Cb;
            ias = aarch64 ? c.vaSize : Math.min(c.vaSize, 32);
            oas = aarch64 ? c.ipaSize : Math.min(c.ipaSize, 40);
            pgfmt = PageTableFormat.ARM_LPAE_S1;
        } else {
            cbarType = Reg.CBAR_TYPE_S2_TRANS;
            start = 0;
            ias = aarch64 ? c.ipaSize : Math.min(c.ipaSize, 40);
            oas = aarch64 ? c.paSize : Math.min(c.paSize, 40);
            pgfmt = PageTableFormat.ARM_LPAE_S2;
        }
        d.stage = stage;
        d.fmt = fmt;
        int idx = smmu.impl.allocContextBank(smmu, d, dev, start);
        if (idx < 0) {
            return Result.error(Errno.ENOSPC, "no free context bank for domain " + d.name());
        }
        d.smmu = smmu;
        d.cbndx = idx;
        int irptndx = c.version.isV2() ? idx : ++irqCounter % c.numContextIrqs;
        // §4.5: S2 takes VMID = cbndx + 1, anything else ASID = cbndx (one union)
        d.asidVmid = stage == SmmuDomain.Stage.S2 ? idx + 1 : idx;
        // ARM_32_LPAE formats use the LPAE tables restricted to 4K|2M|1G (§5.1 wrappers)
        long pgsize = aarch64 ? c.pgsizeBitmap : c.pgsizeBitmap & SZ_4K_2M_1G;
        Set<Quirk> quirks = EnumSet.noneOf(Quirk.class);
        smmu.impl.initContext(smmu, d, quirks, dev);
        quirks.addAll(d.pgtblQuirks);
        PageTableConfig cfg = new PageTableConfig(pgfmt, pgsize, ias, oas, c.coherentWalk, quirks,
                smmu.kernel.pageSize());
        Allocation a = allocate(smmu, cfg);
        if (a.why() != null) {
            map.clear(idx);
            d.smmu = null;
            d.cbndx = -1;
            return Result.error(Errno.ENOMEM, "failed to allocate the page table for domain " + d.name() + a.why());
        }
        PageTableOps ops = a.ops();
        d.pgtable = new IoPgtable(cfg, ops);
        smmu.tables.add(d.pgtable);
        d.pgsizeBitmap = ops.layout().pgsizeBitmap();
        // §4.5 step 7: geometry
        if (d.pgtable.ttbr1()) {
            d.apertureStart = ~0L << ias;
            d.apertureEnd = ~0L;
        } else {
            d.apertureStart = 0;
            d.apertureEnd = ias >= 64 ? ~0L : (1L << ias) - 1;
        }
        initContextBank(d, cbarType, irptndx);
        write(idx);
        return Result.ok();
    }

    /** A table, or why the allocator refused (it returned null, or threw). */
    record Allocation(PageTableOps ops, String why) {
    }

    /** {@code alloc_io_pgtable_ops} through the executor's allocator (§4.5 step 5). */
    static Allocation allocate(ArmSmmu smmu, PageTableConfig cfg) {
        try {
            PageTableOps ops = smmu.pageTables.alloc(cfg);
            return new Allocation(ops, ops == null ? "" : null);
        } catch (RuntimeException e) {
            return new Allocation(null, ": " + e.getMessage());
        }
    }

    /** {@code arm_smmu_init_context_bank} (§5.5, §8.3): the software copy of the bank's registers. */
    private void initContextBank(SmmuDomain d, int cbarType, int irptndx) {
        Cb cb = cbs[d.cbndx];
        cb.domain = d;
        cb.cbarType = cbarType;
        cb.irptndx = irptndx;
        cb.asidVmid = d.asidVmid;
        cb.fmt = d.fmt;
        ArmLpaeRegs r = d.pgtable.ops().armRegs();
        boolean ttbr1 = d.pgtable.ttbr1();
        if (d.stage != SmmuDomain.Stage.S2) {
            cb.tcr0 = Tcr.lpaeTcr(r, ttbr1);
            cb.tcr1 = Tcr.lpaeTcr2(r);
            if (d.fmt == SmmuDomain.Format.AARCH64) {
                cb.tcr1 |= Reg.TCR2_AS;
            } else {
                cb.tcr0 |= Reg.TCR_EAE;
            }
            cb.ttbr0 = (long) d.asidVmid << 48;
            cb.ttbr1 = (long) d.asidVmid << 48;
            if (ttbr1) {
                cb.ttbr1 |= r.ttbr();
            } else {
                cb.ttbr0 |= r.ttbr();
            }
            cb.mair0 = (int) r.mair();
            cb.mair1 = (int) (r.mair() >>> 32);
        } else {
            cb.tcr0 = Tcr.vtcr(r);
            cb.tcr1 = 0;
            cb.ttbr0 = r.ttbr();
            cb.ttbr1 = 0;
        }
    }

    /**
     * {@code arm_smmu_write_context_bank} (§8.2): an unassigned bank only gets SCTLR = 0; otherwise
     * CBA2R, CBAR, TCR2, TCR, TTBR0, TTBR1, MAIR0, MAIR1, SCTLR in that order.
     */
    void write(int idx) {
        Cb cb = cbs[idx];
        if (cb.domain == null) {
            smmu.cbWrite(idx, Reg.CB_SCTLR, 0);
            return;
        }
        SmmuCfg c = smmu.cfg;
        boolean stage1 = cb.cbarType != Reg.CBAR_TYPE_S2_TRANS;
        boolean aarch64 = cb.fmt == SmmuDomain.Format.AARCH64;
        if (c.version.aboveV1()) {
            int reg = aarch64 ? Reg.CBA2R_VA64 : 0;
            if (c.vmid16) {
                // the VMID field reads the ASID/VMID union: a stage-1 bank writes its ASID here (§4.5)
                reg |= (cb.asidVmid & 0xffff) << Reg.CBA2R_VMID16_SHIFT;
            }
            smmu.gr1Write(Reg.cba2r(idx), reg);
        }
        int cbar = cb.cbarType << Reg.CBAR_TYPE_SHIFT;
        if (!c.version.isV2()) {
            cbar |= (cb.irptndx & 0xff) << Reg.CBAR_IRPTNDX_SHIFT;
        }
        if (stage1) {
            cbar |= Reg.CBAR_BPSHCFG_NSH | Reg.CBAR_MEMATTR_WB;
        } else if (!c.vmid16) {
            cbar |= cb.asidVmid & 0xff;
        }
        smmu.gr1Write(Reg.cbar(idx), cbar);
        if (stage1 && c.version.aboveV1()) {
            smmu.cbWrite(idx, Reg.CB_TCR2, cb.tcr1);
        }
        smmu.cbWrite(idx, Reg.CB_TCR, cb.tcr0);
        smmu.cbWrite64(idx, Reg.CB_TTBR0, cb.ttbr0);
        if (stage1) {
            smmu.cbWrite64(idx, Reg.CB_TTBR1, cb.ttbr1);
            smmu.cbWrite(idx, Reg.CB_MAIR0, cb.mair0);
            smmu.cbWrite(idx, Reg.CB_MAIR1, cb.mair1);
        }
        int sctlr = Reg.SCTLR_CFIE | Reg.SCTLR_CFRE | Reg.SCTLR_AFE | Reg.SCTLR_TRE | Reg.SCTLR_M;
        if (stage1) {
            sctlr |= Reg.SCTLR_ASIDPNE;
        }
        smmu.cbWrite(idx, Reg.CB_SCTLR, smmu.impl.writeSctlr(idx, sctlr));
    }

    /** {@code arm_smmu_destroy_domain_context} (§4.1): SCTLR = 0, the table freed, the bank released. */
    void destroy(SmmuDomain d) {
        if (d.smmu != smmu || d.cbndx < 0) {
            return;
        }
        int idx = d.cbndx;
        cbs[idx] = new Cb();
        write(idx);
        smmu.tables.remove(d.pgtable);
        d.pgtable.ops().free();
        for (IoPgtable t : d.processTables) {
            smmu.tables.remove(t);
            t.ops().free();
        }
        d.processTables.clear();
        map.clear(idx);
        d.cbndx = -1;
    }
}
