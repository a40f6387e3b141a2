package dev.iommuc.runtime.smmuv3;

import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.pgtable.PageTableOps;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.smmu.DomainMapper;
import dev.iommuc.runtime.smmu.Result;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@code struct arm_smmu_domain} (reference/dart-smmuv3-of.md B.6): identity and blocked domains have no
 * table and become bypass and abort STEs; paging domains (DMA, UNMANAGED) are finalised on their first
 * attach, which binds them to that SMMU, picks the stage, allocates the page table and then the ASID
 * (stage 1) or VMID (stage 2). A domain with per-process contexts keeps one stage-1 context domain per
 * PASID (SSID 1..N), each with its own ASID and table, shared by every master the domain is attached to.
 */
public final class V3Domain {

    /** Translation stage of a paging domain; null before finalisation and for identity/blocked. */
    public enum Stage { S1, S2 }

    private final String name;
    private final DomainType type;
    Smmuv3 smmu;
    Stage stage;
    int asid = -1;
    int vmid = -1;
    PageTableOps table;
    /** Per-process contexts: index p is SSID p + 1. */
    final List<V3Domain> contexts = new ArrayList<>();

    private V3Domain(String name, DomainType type) {
        this.name = name;
        this.type = type;
    }

    /** {@code iommu_domain_alloc}: a new domain of {@code type} (not yet bound to an SMMU). */
    public static V3Domain alloc(String name, DomainType type) {
        return new V3Domain(name, type);
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

    /** The SMMU the domain is bound to, or null. */
    public String iommu() {
        return smmu == null ? null : smmu.id();
    }

    public Stage stage() {
        return stage;
    }

    public Integer asid() {
        return asid < 0 ? null : asid;
    }

    public Integer vmid() {
        return vmid < 0 ? null : vmid;
    }

    /** The domain's table, or null (identity, blocked, or not yet attached). */
    public PageTableOps pageTable() {
        return table;
    }

    /** Per-process context domains, SSID 1 first. */
    public List<V3Domain> contexts() {
        return Collections.unmodifiableList(contexts);
    }

    /** {@code iommu_map} into the domain's own table. */
    public Result map(long iova, long paddr, long size, int prot) {
        if (!isPaging()) {
            return Result.error(Errno.EINVAL, "domain " + name + " (" + type + ") has no page table");
        }
        if (table == null) {
            return Result.error(Errno.ENODEV, "domain " + name + " is not attached yet: no page table");
        }
        return DomainMapper.mapTable(name, table, iova, paddr, size, prot);
    }

    /** {@code iommu_map} into the table of per-process context {@code process} (SSID process + 1). */
    public Result mapProcess(int process, long iova, long paddr, long size, int prot) {
        if (process < 0 || process >= contexts.size()) {
            return Result.error(Errno.ENOENT, "domain " + name + " has no per-process context " + process);
        }
        return contexts.get(process).map(iova, paddr, size, prot);
    }

    /** {@code iommu_iova_to_phys}: identity returns the IOVA; 0 when nothing is mapped. */
    public long iovaToPhys(long iova) {
        if (type == DomainType.IDENTITY) {
            return iova;
        }
        return table == null ? 0 : table.iovaToPhys(iova);
    }

    @Override
    public String toString() {
        return name + "(" + type + (stage != null ? ", " + stage : "") + ")";
    }
}
