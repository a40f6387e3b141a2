package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.pgtable.PageTableOps;
import dev.iommuc.runtime.pgtable.Quirk;
import dev.iommuc.runtime.plan.DomainType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An IOMMU domain as arm-smmu keeps it (reference/arm-smmu-v2.md §4, §6.1). Identity and blocked
 * domains are the static, shared ones of [M] and never take a context bank; paging domains (DMA,
 * UNMANAGED) are finalised on their first attach, which binds them to that SMMU and allocates their
 * bank and page table. The bank belongs to the domain, not to an attachment (§6.1).
 */
public final class SmmuDomain {

    /** Translation stage (§4.2); a new domain asks for S1. */
    public enum Stage { S1, S2, NESTED }

    /** Context format (§4.3). */
    public enum Format { NONE, AARCH32_L, AARCH32_S, AARCH64 }

    /** [M] static identity domain: S2CR BYPASS, no bank (§6.1). */
    public static final SmmuDomain IDENTITY = new SmmuDomain("identity", DomainType.IDENTITY);
    /** [M] static blocked domain: S2CR FAULT, no bank (§6.1). */
    public static final SmmuDomain BLOCKED = new SmmuDomain("blocked", DomainType.BLOCKED);

    private final String name;
    private final DomainType type;
    ArmSmmu smmu;
    Stage stage = Stage.S1;
    Format fmt = Format.NONE;
    int cbndx = -1;
    /** ASID (stage 1) or VMID (stage 2): one union in the driver (§4.5). */
    int asidVmid = -1;
    final Set<Quirk> pgtblQuirks = EnumSet.noneOf(Quirk.class);
    IoPgtable pgtable;
    long pgsizeBitmap;
    long apertureStart;
    long apertureEnd;
    /** Adreno split tables: per-process TTBR0 tables (§5.6); the active one, or -1. */
    final List<IoPgtable> processTables = new ArrayList<>();
    int activeProcess = -1;

    private SmmuDomain(String name, DomainType type) {
        this.name = name;
        this.type = type;
    }

    /**
     * {@code iommu_domain_alloc}: the static identity or blocked domain for those types, else a new
     * paging domain (DMA or UNMANAGED) with no bank until its first attach.
     */
    public static SmmuDomain alloc(String name, DomainType type) {
        return switch (type) {
            case IDENTITY -> IDENTITY;
            case BLOCKED -> BLOCKED;
            case DMA, UNMANAGED -> new SmmuDomain(name, type);
        };
    }

    public String name() {
        return name;
    }

    public DomainType type() {
        return type;
    }

    public boolean isPaging() {
        return type == DomainType.DMA || type == DomainType.UNMANAGED;
    }

    /** The SMMU the domain is bound to, or null before its first successful attach. */
    public String iommu() {
        return smmu == null ? null : smmu.id();
    }

    public int contextBank() {
        return cbndx;
    }

    public Stage stage() {
        return stage;
    }

    public Format format() {
        return fmt;
    }

    public Integer asid() {
        return smmu != null && stage != Stage.S2 ? asidVmid : null;
    }

    public Integer vmid() {
        return smmu != null && stage == Stage.S2 ? asidVmid : null;
    }

    public long apertureStart() {
        return apertureStart;
    }

    public long apertureEnd() {
        return apertureEnd;
    }

    /** Page sizes the domain maps with (the table's restricted bitmap, §4.5 step 6). */
    public long pgsizeBitmap() {
        return pgsizeBitmap;
    }

    /** The domain's own table, or null (non-paging, or not yet attached). */
    public PageTableOps pageTable() {
        return pgtable == null ? null : pgtable.ops();
    }

    /** Adreno per-process TTBR0 tables, in creation order (§5.6). */
    public List<PageTableOps> processTables() {
        List<PageTableOps> out = new ArrayList<>();
        processTables.forEach(t -> out.add(t.ops()));
        return Collections.unmodifiableList(out);
    }

    public int activeProcess() {
        return activeProcess;
    }

    /**
     * {@code iommu_set_pgtable_quirks}: quirks ORed into the table configuration at the first attach
     * (§4.5 step 4). Refused once the domain is finalised (the kernel's -EPERM, which {@link Errno}
     * lacks: reported as EBUSY).
     */
    public Result setPgtableQuirks(Set<Quirk> quirks) {
        if (smmu != null) {
            return Result.error(Errno.EBUSY, "EPERM: page-table quirks can only be set before the first attach");
        }
        pgtblQuirks.clear();
        pgtblQuirks.addAll(quirks);
        return Result.ok();
    }

    /** {@code iommu_map} into the domain's own table (or, with the TTBR1 quirk, its upper half). */
    public Result map(long iova, long paddr, long size, int prot) {
        return DomainMapper.map(this, pgtable, iova, paddr, size, prot);
    }

    /** {@code iommu_map} into per-process table {@code process} of an Adreno split domain (§5.6). */
    public Result mapProcess(int process, long iova, long paddr, long size, int prot) {
        if (process < 0 || process >= processTables.size()) {
            return Result.error(Errno.ENOENT, "domain " + name + " has no per-process table " + process);
        }
        return DomainMapper.map(this, processTables.get(process), iova, paddr, size, prot);
    }

    /** {@code iommu_unmap}: bytes unmapped. */
    public long unmap(long iova, long size) {
        return DomainMapper.unmap(this, pgtable, iova, size);
    }

    /** {@code iommu_iova_to_phys}: identity returns the IOVA; 0 when nothing is mapped. */
    public long iovaToPhys(long iova) {
        if (type == DomainType.IDENTITY) {
            return iova;
        }
        return pgtable == null ? 0 : pgtable.ops().iovaToPhys(iova);
    }

    @Override
    public String toString() {
        return name + "(" + type + (cbndx >= 0 ? ", cb" + cbndx : "") + ")";
    }
}
