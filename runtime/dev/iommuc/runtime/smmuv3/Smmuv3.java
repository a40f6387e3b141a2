package dev.iommuc.runtime.smmuv3;

import dev.iommuc.runtime.mem.OutOfPhysMemoryException;
import dev.iommuc.runtime.mem.PhysMemory;
import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.pgtable.PageTableOps;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.Kernel;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.plan.PlanStream;
import dev.iommuc.runtime.smmu.PageTableAllocator;
import dev.iommuc.runtime.smmu.Result;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import static dev.iommuc.runtime.smmuv3.Fields.*;

/**
 * One emulated Arm SMMUv3 and the Linux 6.12 arm-smmu-v3 driver bound to it (reference/dart-smmuv3-of.md
 * part B; hardware decode after QEMU's model, part D). The driver reads the ID registers, writes the
 * stream table, CD tables and page tables into simulated memory and programs STRTAB_BASE(_CFG) and CR0;
 * {@link #translate} then decodes only those registers and memory words, as hardware does.
 *
 * <p>How an executor drives it: {@link Smmuv3System#create}, {@link #probe()}, {@link #addDevice} for each
 * master in plan order (insertion, group, default domain, attach: one group per device, so nothing waits for
 * the other devices), {@link #attach} and {@link #addPasidContexts} for drivers' domains, {@link V3Domain#map}
 * for the workload, {@link #translate} and {@link #snapshot()}.
 */
public final class Smmuv3 {

    final Smmuv3System system;
    final PlanIommu iommu;
    final Kernel kernel;
    final PhysMemory mem;
    final PageTableAllocator pageTables;
    final Smmuv3Hw hw;
    final Smmuv3Regs regs;
    Smmuv3Cfg cfg;
    StreamTable strtab;
    /** #iommu-cells ≠ 1: reset leaves the SMMU disabled, traffic bypassing (B.1). */
    boolean bypass;
    private Result probeResult;
    private final List<String> log = new ArrayList<>();
    /** The driver's rb-tree of streams: SID → owning master (B.7). */
    final TreeMap<Long, V3Master> streams = new TreeMap<>();
    final Map<String, V3Master> masters = new LinkedHashMap<>();
    private final Map<String, Result> deviceResults = new LinkedHashMap<>();
    final List<V3Group> groups = new ArrayList<>();
    final List<V3Domain> domains = new ArrayList<>();
    /** Per-SMMU VMID IDA (B.6). */
    final BitSet vmids = new BitSet();
    /** Page tables of this SMMU's domains by pgd: what the hardware finds behind a TTB. */
    final Map<Long, PageTableOps> tables = new HashMap<>();
    private int nextGroup;
    private final Walker walker = new Walker(this);
    /** SPEC §3 sharing beyond one domain per group: a DMA group's devices → the shared default, or null. */
    private Function<List<String>, V3Domain> sharedDefault = devices -> null;

    Smmuv3(Smmuv3System system, PlanIommu iommu, Kernel kernel, PhysMemory mem, PageTableAllocator pageTables) {
        this.system = system;
        this.iommu = iommu;
        this.kernel = kernel;
        this.mem = mem;
        this.pageTables = pageTables;
        List<String> notes = new ArrayList<>();
        this.hw = Smmuv3Hw.fromPlan(iommu, notes);
        this.regs = new Smmuv3Regs(hw);
        notes.forEach(n -> log.add("notice: " + n));
    }

    public String id() {
        return iommu.id();
    }

    /** The driver's configuration after a successful probe, else null. */
    public Smmuv3Cfg config() {
        return cfg;
    }

    public List<String> log() {
        return Collections.unmodifiableList(log);
    }

    // ---- probe ----

    /**
     * {@code arm_smmu_device_probe}: the DT checks (B.1), {@code arm_smmu_device_hw_probe} (B.2),
     * {@code arm_smmu_init_strtab} (B.3) and {@code arm_smmu_device_reset} (B.2 reset). Runs once.
     */
    public Result probe() {
        if (probeResult != null) {
            return probeResult;
        }
        if (iommu.iommuCells() != 1) {
            err(iommu.iommuCells() == 0 ? "missing #iommu-cells property" : "invalid #iommu-cells value");
            bypass = true;
        }
        HwProbe.Outcome o = HwProbe.probe(regs, this);
        if (!o.result().isOk()) {
            probeResult = o.result();
            err(probeResult.message());
            return probeResult;
        }
        cfg = o.cfg();
        try {
            strtab = new StreamTable(mem, cfg, kernel.disableBypass(), this);
        } catch (OutOfPhysMemoryException e) {
            probeResult = Result.error(Errno.ENOMEM, "failed to allocate the stream table: " + e.getMessage());
            err(probeResult.message());
            return probeResult;
        }
        reset();
        probeResult = Result.ok();
        return probeResult;
    }

    /** {@code arm_smmu_device_reset} (B.2 steps 2–12; queues and IRQs are not modelled). */
    private void reset() {
        regs.write32(CR0, 0);
        // CR1: tables (SH 11:10, OC 9:8, IC 7:6) and queues (5:4, 3:2, 1:0) ISH, WBRA; CR2: PTM | RECINVSID
        regs.write32(CR1, 3 << 10 | 1 << 8 | 1 << 6 | 3 << 4 | 1 << 2 | 1);
        regs.write32(CR2, 0x6);
        regs.write64(STRTAB_BASE, strtab.baseRegister());
        regs.write32(STRTAB_BASE_CFG, strtab.baseCfgRegister());
        int enables = 1 << CR0_CMDQEN;
        regs.write32(CR0, enables);
        enables |= 1 << CR0_EVTQEN;
        regs.write32(CR0, enables);
        if (!bypass || kernel.disableBypass()) {
            regs.write32(CR0, enables | 1 << CR0_SMMUEN);
        } else {
            regs.write32(GBPA, 0);
        }
    }

    public Result probeResult() {
        return probeResult;
    }

    public boolean probed() {
        return probeResult != null && probeResult.isOk();
    }

    // ---- devices ----

    /**
     * {@code iommu_probe_device} for one master: {@code arm_smmu_probe_device} (SSID width, B.1/B.5),
     * {@code arm_smmu_insert_master} (range check, lazy L2, SID tree; B.3/B.7), the group (B.7) and its
     * default domain attached (the kernel's default type, or the plan's request). A master whose attach
     * fails is released.
     */
    public Result addDevice(PlanMaster master) {
        Result r = add(master);
        deviceResults.put(master.id(), r);
        return r;
    }

    private Result add(PlanMaster master) {
        if (!probed()) {
            return Result.error(Errno.ENODEV, "IOMMU " + id() + " did not probe");
        }
        if (master.noIommu() != null) {
            return Result.error(Errno.ENODEV, master.noIommu());
        }
        if (masters.containsKey(master.id())) {
            return Result.error(Errno.EEXIST, master.id() + " is already added");
        }
        List<Long> sids = new ArrayList<>();
        for (PlanStream s : master.streams()) {
            if (id().equals(s.iommu())) {
                sids.add(s.sid());
            }
        }
        if (sids.isEmpty()) {
            return Result.error(Errno.ENODEV, master.id() + " has no stream on " + id());
        }
        int ssidBits = Math.min(cfg.ssidBits(), Math.max(0, master.pasidBits()));
        if (!cfg.twoLevelCd()) {
            ssidBits = Math.min(ssidBits, CD_LINEAR_CDMAX);
        }
        V3Master m = new V3Master(master, sids, ssidBits);
        Result r = insert(m);
        if (!r.isOk()) {
            return r;
        }
        V3Group g = new V3Group("g" + nextGroup++);
        groups.add(g);
        g.devices.add(m);
        m.group = g;
        masters.put(m.id(), m);
        DomainType t = master.requested() != null ? master.requested() : kernel.defaultDomain();
        if (t == DomainType.UNMANAGED) {
            t = DomainType.DMA;
        }
        V3Domain d = t == DomainType.DMA ? sharedDefault.apply(List.of(m.id())) : null;
        if (d == null) {
            d = V3Domain.alloc("default-" + g.id, t);
        }
        g.defaultDomain = d;
        Result a = Attacher.attachDev(this, d, m);
        if (!a.isOk()) {
            release(m);
            return a;
        }
        g.domain = d;
        return Result.ok();
    }

    /** {@code arm_smmu_insert_master} (B.7, 6.12): per SID, range check and L2 first, then the tree. */
    private Result insert(V3Master m) {
        List<Long> added = new ArrayList<>();
        for (long sid : m.sids) {
            if (!strtab.inRange(sid)) {
                rollback(added);
                return Result.error(Errno.ERANGE, String.format(
                        "StreamID 0x%x is out of range of the stream table (%d SIDs)", sid,
                        strtab.twoLevel() ? strtab.l1Entries() << STRTAB_SPLIT : 1L << cfg.sidBits()));
            }
            try {
                strtab.ensureL2(sid);
            } catch (OutOfPhysMemoryException e) {
                rollback(added);
                return Result.error(Errno.ENOMEM, "failed to allocate l2 stream table for SID " + sid);
            }
            V3Master owner = streams.get(sid);
            if (owner == m) {
                continue; // bridged PCI devices may end up with duplicated IDs
            }
            if (owner != null) {
                rollback(added);
                String msg = String.format("Aliasing StreamID 0x%x (from %s) unsupported, expect DMA to be broken",
                        sid, owner.id());
                warn(msg);
                return Result.error(Errno.ENODEV, msg);
            }
            streams.put(sid, m);
            added.add(sid);
        }
        return Result.ok();
    }

    private void rollback(List<Long> sids) {
        sids.forEach(streams::remove);
    }

    /** {@code arm_smmu_release_device}: the STEs go back to their initial value, the master out of its group. */
    void release(V3Master m) {
        for (long sid : m.sids) {
            if (streams.get(sid) == m) {
                strtab.writeSte(sid, kernel.disableBypass() ? Descriptors.abortSte() : Descriptors.bypassSte());
                streams.remove(sid);
            }
        }
        if (m.group != null) {
            m.group.devices.remove(m);
            if (m.group.devices.isEmpty()) {
                groups.remove(m.group);
            }
        }
        masters.remove(m.id());
    }

    public Map<String, Result> deviceResults() {
        return Collections.unmodifiableMap(deviceResults);
    }

    /**
     * A sharing policy beyond Linux's one domain per group (SPEC §3: one per IOMMU instance, herds): given a
     * DMA group's devices, the shared domain to use as its default, or null for its own. A shared domain is
     * finalised on the first SMMU that attaches it; a master of another SMMUv3 then meets
     * {@code arm_smmu_attach_dev}'s -EINVAL and is released, as a failed default-domain attach is.
     */
    public void shareDefaultDomains(Function<List<String>, V3Domain> policy) {
        this.sharedDefault = policy;
    }

    // ---- domains ----

    /** A driver attaches its own domain to a master (its group); the old domain keeps its ASID/VMID. */
    public Result attach(V3Domain d, String masterId) {
        V3Master m = masters.get(masterId);
        if (m == null) {
            return Result.error(Errno.ENODEV, masterId + " has no IOMMU group on " + id());
        }
        Result r = Attacher.attachDev(this, d, m);
        if (r.isOk()) {
            m.group.domain = d;
        }
        return r;
    }

    /**
     * Per-process contexts of {@code d} on {@code masterId}: PASIDs 1..n, each a stage-1 context with its
     * own ASID and table, its CD written at SSID p in the master's CD table (B.5).
     */
    public Result addPasidContexts(V3Domain d, String masterId, int n) {
        V3Master m = masters.get(masterId);
        if (m == null) {
            return Result.error(Errno.ENODEV, masterId + " has no IOMMU group on " + id());
        }
        return Attacher.addPasids(this, d, m, n);
    }

    public V3Domain domainOf(String masterId) {
        V3Master m = masters.get(masterId);
        return m == null ? null : m.domain;
    }

    public V3Domain defaultDomainOf(String masterId) {
        V3Master m = masters.get(masterId);
        return m == null ? null : m.group.defaultDomain;
    }

    /** The group id of a master added here, or null. */
    public String groupOf(String masterId) {
        V3Master m = masters.get(masterId);
        return m == null ? null : m.group.id;
    }

    // ---- transactions and state ----

    /** One transaction: stream {@code sid}, substream {@code ssid} (null: none), through STE, CD and tables. */
    public V3Translation translate(long sid, Integer ssid, long iova, boolean write) {
        return walker.translate(sid, ssid, iova, write);
    }

    /** The event records the SMMU wrote, oldest first (B.8 layout). */
    public List<V3Event.Record> events() {
        return walker.events();
    }

    /** Whether the event queue filled up and events were lost. */
    public boolean eventQueueOverflowed() {
        return walker.eventQueueOverflowed();
    }

    /** The state for reports. */
    public Smmuv3State snapshot() {
        return V3Snapshots.of(this);
    }

    // ---- messages ----

    void info(String msg) {
        log.add("info: " + msg);
    }

    void warn(String msg) {
        log.add("warning: " + msg);
    }

    void err(String msg) {
        log.add("error: " + msg);
    }
}
