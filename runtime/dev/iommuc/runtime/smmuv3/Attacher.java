package dev.iommuc.runtime.smmuv3;

import dev.iommuc.runtime.mem.OutOfPhysMemoryException;
import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.pgtable.PageTableConfig;
import dev.iommuc.runtime.pgtable.PageTableFormat;
import dev.iommuc.runtime.pgtable.PageTableOps;
import dev.iommuc.runtime.smmu.Result;

import java.util.Set;

/**
 * {@code arm_smmu_attach_dev} and {@code arm_smmu_domain_finalise} (reference/dart-smmuv3-of.md B.4–B.6),
 * and PASID contexts ({@code arm_smmu_set_pasid}, B.5): which STE and CDs each domain type writes.
 */
final class Attacher {

    /** The CPU's VA_BITS the stage-1 input size is capped at (B.6; a 48-bit arm64 kernel). */
    static final int CPU_VA_BITS = 48;

    private Attacher() {
    }

    /**
     * Identity: bypass STE; blocked: abort STE; paging: finalised on its first attach, then a CD-table STE
     * with the domain's CD at SSID 0 (stage 1) or a stage-2 STE. The same STE goes to every SID (B.7).
     */
    static Result attachDev(Smmuv3 s, V3Domain d, V3Master m) {
        long[] ste;
        switch (d.type()) {
            case IDENTITY -> ste = Descriptors.bypassSte();
            case BLOCKED -> ste = Descriptors.abortSte();
            default -> {
                Result r = finalise(s, d);
                if (!r.isOk()) {
                    return r;
                }
                if (d.smmu != s) {
                    // 6.12: "else if (smmu_domain->smmu != smmu) ret = -EINVAL;" and nothing logged (before 6.2
                    // the driver printed "cannot attach to SMMU %s (upstream of %s)" and returned -ENXIO)
                    return Result.error(Errno.EINVAL, "domain " + d.name() + " was finalised on SMMU " + d.iommu()
                            + "; arm_smmu_attach_dev refuses it on " + s.id()
                            + " (a domain belongs to one SMMUv3 instance; the kernel logs nothing)");
                }
                if (d.stage == V3Domain.Stage.S2) {
                    ste = Descriptors.s2Ste(d.vmid, d.table.armRegs());
                } else {
                    Result c = ensureCdTable(s, m);
                    if (!c.isOk()) {
                        return c;
                    }
                    m.cdTable.write(0, Descriptors.s1Cd(d.table.armRegs(), d.asid, false));
                    // S1STALLD: the SMMU can stall and the master did not ask for it (B.4)
                    ste = Descriptors.cdTableSte(m.cdTable.base(), m.cdTable.s1fmt(), m.cdTable.s1cdmax(),
                            s.cfg.stalls());
                }
            }
        }
        for (long sid : m.sids) {
            if (s.streams.get(sid) == m) {
                s.strtab.writeSte(sid, ste);
            }
        }
        m.domain = d;
        if (!s.domains.contains(d)) {
            s.domains.add(d);
        }
        return Result.ok();
    }

    /** {@code arm_smmu_alloc_cd_tables} on the first stage-1 attach: sized by the master's ssid_bits (B.5). */
    private static Result ensureCdTable(Smmuv3 s, V3Master m) {
        if (m.cdTable != null) {
            return Result.ok();
        }
        try {
            m.cdTable = new CdTable(s.mem, m.ssidBits, s.cfg.twoLevelCd());
            return Result.ok();
        } catch (OutOfPhysMemoryException e) {
            return Result.error(Errno.ENOMEM, "failed to allocate context descriptor table");
        }
    }

    /**
     * {@code arm_smmu_domain_finalise} (B.6): stage 1 unless the SMMU has none; the table (-ENOMEM when
     * io-pgtable refuses), then the ASID from the shared space (-EBUSY when full) or the VMID from this
     * SMMU's IDA (-ENOSPC when full). Idempotent once bound.
     */
    static Result finalise(Smmuv3 s, V3Domain d) {
        if (d.smmu != null) {
            return Result.ok();
        }
        Smmuv3Cfg c = s.cfg;
        V3Domain.Stage stage = c.stage1() ? V3Domain.Stage.S1 : V3Domain.Stage.S2;
        PageTableConfig pc = stage == V3Domain.Stage.S1
                ? new PageTableConfig(PageTableFormat.ARM_LPAE_S1, c.pgsizeBitmap(),
                        Math.min(c.vax() ? 52 : 48, CPU_VA_BITS), c.ias(), c.coherent(), Set.of(),
                        s.kernel.pageSize())
                : new PageTableConfig(PageTableFormat.ARM_LPAE_S2, c.pgsizeBitmap(), c.ias(), c.oas(),
                        c.coherent(), Set.of(), s.kernel.pageSize());
        PageTableOps ops;
        try {
            ops = s.pageTables.alloc(pc);
        } catch (RuntimeException e) {
            return Result.error(Errno.ENOMEM, "io-pgtable refused the configuration: " + e.getMessage());
        }
        if (ops == null) {
            return Result.error(Errno.ENOMEM, "io-pgtable refused the configuration");
        }
        if (stage == V3Domain.Stage.S1) {
            int asid = s.system.allocAsid(c.asidBits());
            if (asid < 0) {
                ops.free();
                return Result.error(Errno.EBUSY, "no free ASID: all " + ((1 << c.asidBits()) - 1)
                        + " ASIDs of " + c.asidBits() + " bits are in use");
            }
            d.asid = asid;
        } else {
            int vmid = s.vmids.nextClearBit(1);
            if (vmid > (1 << c.vmidBits()) - 1) {
                ops.free();
                return Result.error(Errno.ENOSPC, "no free VMID: all " + ((1 << c.vmidBits()) - 1)
                        + " VMIDs of " + c.vmidBits() + " bits are in use");
            }
            s.vmids.set(vmid);
            d.vmid = vmid;
        }
        d.stage = stage;
        d.table = ops;
        d.smmu = s;
        s.tables.put(ops.armRegs().ttbr() & Fields.TTB_MASK, ops);
        return Result.ok();
    }

    /**
     * PASIDs 1..n of {@code d} on master {@code m}. The master must be attached to {@code d} at stage 1.
     * PASID allocation follows the IOMMU core: no {@code pasid-num-bits} means no PASID support
     * (-EOPNOTSUPP, {@code iommu_sva_bind_device}); PASIDs are taken from [1, max_pasids − 1] with
     * max_pasids = min(2^pasid-num-bits, 2^SSIDSIZE) (-ENOSPC beyond, {@code iommu_alloc_global_pasid}).
     * Each context is finalised like a paging domain (its own table and ASID) and written with
     * {@code arm_smmu_make_s1_cd} at its SSID.
     */
    static Result addPasids(Smmuv3 s, V3Domain d, V3Master m, int n) {
        if (m.domain != d) {
            return Result.error(Errno.EINVAL, m.id() + " is not attached to domain " + d.name());
        }
        if (d.stage != V3Domain.Stage.S1) {
            return Result.error(Errno.EINVAL, "domain " + d.name() + " is not a stage-1 domain: no PASID contexts");
        }
        if (m.plan.pasidBits() <= 0) {
            return Result.error(Errno.EOPNOTSUPP, m.id() + " has no pasid-num-bits: no PASID support");
        }
        long maxPasids = 1L << Math.min(m.plan.pasidBits(), s.cfg.ssidBits());
        if (n > maxPasids - 1) {
            return Result.error(Errno.ENOSPC, String.format(
                    "%d PASIDs need SSIDs 1..%d, but %s has max_pasids %d (pasid-num-bits %d, SSIDSIZE %d)",
                    n, n, m.id(), maxPasids, m.plan.pasidBits(), s.cfg.ssidBits()));
        }
        if (n > (1L << m.ssidBits) - 1) {
            // the CD table is narrower than the PASID space (no CD2L: at most 2^10 CDs, B.5)
            return Result.error(Errno.ENOSPC, String.format(
                    "%d PASIDs do not fit the CD table of %s (s1cdmax %d)", n, m.id(), m.ssidBits));
        }
        for (int p = 1; p <= n; p++) {
            V3Domain ctx;
            if (p <= d.contexts.size()) {
                ctx = d.contexts.get(p - 1);
            } else {
                ctx = V3Domain.alloc(d.name() + "/pasid" + p, d.type());
                Result r = finalise(s, ctx);
                if (!r.isOk()) {
                    return r;
                }
                d.contexts.add(ctx);
            }
            m.cdTable.write(p, Descriptors.s1Cd(ctx.table.armRegs(), ctx.asid, false));
            m.pasids.put(p, ctx);
            if (!s.domains.contains(ctx)) {
                s.domains.add(ctx);
            }
        }
        return Result.ok();
    }
}
