package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.Kernel;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.plan.PlanStream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One emulated SMMUv1/v2 and the Linux 6.12 arm-smmu driver bound to it (reference/arm-smmu-v2.md).
 * The driver only talks to the hardware through the {@link RegisterFile}; the hardware only knows its
 * registers, and translates through them.
 *
 * <p>How an executor drives it: {@link SmmuSystem#create}, {@link #probe()}, {@link #addDevice} for
 * each master in plan order (the first loop of {@code bus_iommu_probe}: SMEs and groups), then
 * {@link #setupDefaultDomains()} (its second loop: one default domain per group, attached; also run
 * by any later call), then {@link #attach} for drivers' own domains, {@link SmmuDomain#map} for the
 * workload, {@link #translate} and {@link #snapshot()}.
 */
public final class ArmSmmu {

    final SmmuSystem system;
    final PlanIommu iommu;
    final Kernel kernel;
    final PageTableAllocator pageTables;
    final SmmuHw hw;
    final RegisterFile regs;
    final SmmuImpl impl;
    final SmmuCfg cfg = new SmmuCfg();
    StreamMap streamMap;
    private Function<List<String>, SmmuDomain> sharedDefault = devices -> null;
    ContextBanks banks;
    private final List<String> log = new ArrayList<>();
    private Result probeResult;
    final Map<String, MasterCfg> masters = new LinkedHashMap<>();
    private final Map<String, Result> deviceResults = new LinkedHashMap<>();
    final List<IommuGroup> groups = new ArrayList<>();
    private final List<IommuGroup> pending = new ArrayList<>();
    private final Map<String, AdrenoSmmuPriv> adreno = new HashMap<>();
    final List<SmmuDomain> domains = new ArrayList<>();
    final TableRegistry tables = new TableRegistry();
    private int nextGroup;
    private final Translator translator = new Translator(this);

    ArmSmmu(SmmuSystem system, PlanIommu iommu, Kernel kernel, PageTableAllocator pageTables) {
        this.system = system;
        this.iommu = iommu;
        this.kernel = kernel;
        this.pageTables = pageTables;
        List<String> notes = new ArrayList<>();
        this.impl = SmmuImpls.select(iommu.compatible(), system, notes);
        boolean firmwareQuirk = kernel.qcomBypassQuirk() && impl instanceof QcomSmmuImpl;
        boolean mmu500 = SmmuImpls.model(iommu.compatible()) == SmmuImpls.Model.MMU500;
        this.hw = SmmuHw.fromPlan(iommu, SmmuVersion.of(iommu.version()), firmwareQuirk, mmu500, notes);
        this.regs = new RegisterFile(hw);
        notes.forEach(this::notice);
    }

    public String id() {
        return iommu.id();
    }

    public List<String> compatible() {
        return iommu.compatible();
    }

    /** The implementation the driver chose (§1.6). */
    public String implName() {
        return impl.name();
    }

    public SmmuHw hardware() {
        return hw;
    }

    public RegisterFile registers() {
        return regs;
    }

    /** What the driver printed, in order. */
    public List<String> log() {
        return Collections.unmodifiableList(log);
    }

    // ---- probe ----

    /** {@code arm_smmu_device_probe}: checks, ID registers, reset, SMR width probe (§1, §7). Runs once. */
    public Result probe() {
        if (probeResult == null) {
            probeResult = SmmuProbe.probe(this);
            if (!probeResult.isOk()) {
                err(probeResult.message());
            }
        }
        return probeResult;
    }

    /** The probe's result, or null before {@link #probe()}. */
    public Result probeResult() {
        return probeResult;
    }

    public boolean probed() {
        return probeResult != null && probeResult.isOk();
    }

    /** {@code arm_smmu_device_reset} again: what a runtime resume replays from software state (§7.3). */
    public Result resume() {
        if (!probed()) {
            return Result.error(Errno.ENODEV, "IOMMU " + id() + " did not probe");
        }
        SmmuProbe.reset(this);
        return Result.ok();
    }

    // ---- devices and groups ----

    /**
     * {@code arm_smmu_probe_device} and {@code arm_smmu_device_group} for one master's streams on this
     * SMMU (§1.7, §2, §3): range checks, stream-map entries, group. The group's default domain is set
     * up by {@link #setupDefaultDomains()}; a device joining a group that already has a domain is
     * attached to it at once.
     */
    public Result addDevice(PlanMaster master) {
        Result r = DeviceProbe.add(this, master);
        deviceResults.put(master.id(), r);
        return r;
    }

    /** The result of the last add (probe, group, default-domain attach) for each master, in order. */
    public Map<String, Result> deviceResults() {
        return Collections.unmodifiableMap(deviceResults);
    }

    /**
     * {@code bus_iommu_probe}'s second loop (§6.2): for each new group in creation order, the default
     * domain type over all its devices, the domain allocated and attached to every device. A device
     * whose attach fails is released (unverified in the reference, §10 item 6). Returns the result
     * per device handled.
     */
    public Map<String, Result> setupDefaultDomains() {
        if (pending.isEmpty()) {
            return Map.of();
        }
        Map<String, Result> out = new LinkedHashMap<>();
        List<IommuGroup> todo = new ArrayList<>(pending);
        pending.clear();
        for (IommuGroup g : todo) {
            DomainType type = DeviceProbe.defaultDomainType(this, g);
            SmmuDomain d = type == DomainType.DMA ? sharedDefault.apply(g.deviceIds()) : null;
            if (d == null) {
                d = SmmuDomain.alloc("default-" + g.id, type);
            }
            g.defaultDomain = d;
            for (MasterCfg dev : new ArrayList<>(g.devices)) {
                Result r = attachDev(d, dev);
                if (!r.isOk()) {
                    release(dev);
                }
                out.put(dev.id(), r);
                deviceResults.put(dev.id(), r);
            }
            if (g.devices.isEmpty()) {
                g.defaultDomain = null;
                groups.remove(g);
            } else {
                g.domain = d;
            }
        }
        return out;
    }

    /**
     * A sharing policy beyond Linux's one-domain-per-group (SPEC §3: one per IOMMU instance, herds):
     * given a DMA group's devices, the shared domain to use as its default, or null for its own.
     */
    public void shareDefaultDomains(Function<List<String>, SmmuDomain> policy) {
        this.sharedDefault = policy;
    }

    void queueGroup(IommuGroup g) {
        if (!pending.contains(g)) {
            pending.add(g);
        }
    }

    IommuGroup newGroup() {
        IommuGroup g = new IommuGroup("g" + nextGroup++);
        groups.add(g);
        return g;
    }

    /** {@code release_device}: SMEs freed, the device out of its group (§2.3). */
    void release(MasterCfg dev) {
        streamMap.freeSmes(dev);
        if (dev.group != null) {
            dev.group.devices.remove(dev);
        }
        masters.remove(dev.id());
        adreno.remove(dev.id());
    }

    // ---- domains ----

    /**
     * {@code arm_smmu_attach_dev} (§4.1, §6.1): identity and blocked install BYPASS/FAULT; a paging
     * domain is finalised on its first attach (bank, table, registers) and must belong to this SMMU.
     */
    Result attachDev(SmmuDomain d, MasterCfg dev) {
        switch (d.type()) {
            case IDENTITY -> streamMap.installS2crs(dev, S2crType.BYPASS, 0);
            case BLOCKED -> streamMap.installS2crs(dev, S2crType.FAULT, 0);
            default -> {
                Result r = banks.initDomainContext(d, dev);
                if (!r.isOk()) {
                    return r;
                }
                if (d.smmu != this) {
                    return Result.error(Errno.EINVAL, "cannot attach to SMMU " + id()
                            + " whilst already attached to domain on SMMU " + d.smmu.id());
                }
                streamMap.installS2crs(dev, S2crType.TRANS, d.cbndx);
            }
        }
        dev.domain = d;
        if (!domains.contains(d)) {
            domains.add(d);
        }
        return Result.ok();
    }

    /**
     * A driver attaches its own domain (drm/msm's GMU and GPU domains, a shared domain): every device
     * of the master's group moves to it; on failure the devices already moved go back. The previous
     * domain keeps its bank (§6.1).
     */
    public Result attach(SmmuDomain d, String masterId) {
        setupDefaultDomains();
        MasterCfg dev = masters.get(masterId);
        if (dev == null) {
            return Result.error(Errno.ENODEV, masterId + " has no IOMMU group on " + id());
        }
        IommuGroup g = dev.group;
        SmmuDomain old = g.domain;
        List<MasterCfg> done = new ArrayList<>();
        for (MasterCfg m : g.devices) {
            Result r = attachDev(d, m);
            if (!r.isOk()) {
                for (MasterCfg back : done) {
                    if (old != null) {
                        attachDev(old, back);
                    }
                }
                return r;
            }
            done.add(m);
        }
        g.domain = d;
        return Result.ok();
    }

    /**
     * {@code iommu_domain_free}: a paging domain no device is attached to gives its bank back
     * ({@code arm_smmu_destroy_domain_context}, §4.1); -EBUSY while attached.
     */
    public Result freeDomain(SmmuDomain d) {
        setupDefaultDomains();
        for (MasterCfg m : masters.values()) {
            if (m.domain == d) {
                return Result.error(Errno.EBUSY, "domain " + d.name() + " is attached to " + m.id());
            }
        }
        if (d.smmu == this) {
            banks.destroy(d);
            d.smmu = null;
            domains.remove(d);
        }
        return Result.ok();
    }

    /** The domain a master's group is attached to now, or null. */
    public SmmuDomain domainOf(String masterId) {
        setupDefaultDomains();
        MasterCfg m = masters.get(masterId);
        return m == null ? null : m.domain;
    }

    /** The default domain of a master's group, or null. */
    public SmmuDomain defaultDomainOf(String masterId) {
        setupDefaultDomains();
        MasterCfg m = masters.get(masterId);
        return m == null || m.group == null ? null : m.group.defaultDomain;
    }

    /** The GPU's adreno_smmu_priv (§4.7), once its domain was initialised on an Adreno SMMU; else null. */
    public AdrenoSmmuPriv adrenoPriv(String masterId) {
        setupDefaultDomains();
        return adreno.get(masterId);
    }

    void setAdrenoPriv(MasterCfg dev, AdrenoSmmuPriv priv) {
        adreno.put(dev.id(), priv);
    }

    // ---- transactions and state ----

    /** One transaction through the hardware: SMR/S2CR, bank, table walk (§2, §6.4, §8). */
    public Translation translate(int sid, long iova, boolean write) {
        setupDefaultDomains();
        return translator.translate(sid, iova, write);
    }

    /**
     * Runs the global and context fault interrupt handlers: each latched fault is printed to the log
     * and cleared, as the kernel would on the interrupt. Returns the number of faults handled.
     */
    public int handleFaults() {
        int n = FaultHandlers.global(this) ? 1 : 0;
        if (probed()) {
            for (int cb = 0; cb < cfg.numCb; cb++) {
                n += FaultHandlers.context(this, cb) ? 1 : 0;
            }
        }
        return n;
    }

    /** The state for reports: stream map, banks, groups, domains. */
    public SmmuState snapshot() {
        setupDefaultDomains();
        return Snapshots.of(this);
    }

    /** Streams of {@code master} on this SMMU, as fwids (§1.5: SID [15:0], mask [31:16], extra bits dropped). */
    int[] fwids(PlanMaster master) {
        return master.streams().stream().filter(s -> id().equals(s.iommu()))
                .mapToInt(ArmSmmu::fwid).toArray();
    }

    private static int fwid(PlanStream s) {
        return (int) (s.sid() & 0xffff) | (int) (s.mask() & 0xffff) << 16;
    }

    // ---- register access as the driver does it ----

    int gr0Read(int off) {
        return regs.read32(RegisterFile.GR0, off);
    }

    void gr0Write(int off, int v) {
        regs.write32(RegisterFile.GR0, off, v);
    }

    int gr1Read(int off) {
        return regs.read32(RegisterFile.GR1, off);
    }

    void gr1Write(int off, int v) {
        regs.write32(RegisterFile.GR1, off, v);
    }

    int cbRead(int n, int off) {
        return regs.read32(regs.cbPage(n), off);
    }

    long cbRead64(int n, int off) {
        return regs.read64(regs.cbPage(n), off);
    }

    void cbWrite(int n, int off, int v) {
        regs.write32(regs.cbPage(n), off, v);
    }

    void cbWrite64(int n, int off, long v) {
        regs.write64(regs.cbPage(n), off, v);
    }

    // ---- messages ----

    void info(String msg) {
        log.add("info: " + msg);
    }

    void notice(String msg) {
        log.add("notice: " + msg);
    }

    void warn(String msg) {
        log.add("warning: " + msg);
    }

    void err(String msg) {
        log.add("error: " + msg);
    }
}
