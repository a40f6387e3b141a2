package dev.iommuc.runtime.dart;

import dev.iommuc.runtime.mem.PhysMemory;
import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.Kernel;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.plan.PlanStream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The apple-dart driver of one emulated boot (reference/dart-smmuv3-of.md A): every DART instance,
 * and what spans them: masters' stream maps (a master may sit behind several DARTs, A.8), groups
 * ({@code sid2group}, A.3) and domains. Page tables live in {@code mem}; the hardware walks them there.
 *
 * <p>Driving it: {@link #create} and {@link AppleDart#probe()} per DART, {@link #addDevice} per master
 * (of_xlate, device_group, then the group's default domain attached at once), {@link #attach} for
 * drivers' own domains, {@link DartDomain#map}, {@link AppleDart#translate}, {@link AppleDart#snapshot()}.
 * Every step returns a {@link DartResult}; nothing throws for a configuration the kernel would refuse.
 *
 * <p>Simplifications, all inferences: a group's default domain type is decided by its first device
 * (Linux looks at every device of the group); PCI alias merging ({@code apple_dart_merge_master_cfg})
 * is not modelled beyond devices sharing SIDs, which {@code sid2group} already puts in one group.
 */
public final class DartSystem {

    /** MAX_DARTS_PER_DEVICE in mainline (A.1; Asahi raises it to 3). */
    public static final int MAX_DARTS_PER_DEVICE = 2;

    final Kernel kernel;
    final PhysMemory mem;
    private final Map<String, AppleDart> darts = new LinkedHashMap<>();
    final Map<String, DartMaster> masters = new LinkedHashMap<>();
    private final Map<String, DartResult> deviceResults = new LinkedHashMap<>();
    final List<DartGroup> groups = new ArrayList<>();
    final List<DartDomain> domains = new ArrayList<>();
    private int nextGroup;
    private BiFunction<String, AppleDart, DartDomain> sharedDefault = (master, dart) -> null;

    public DartSystem(Kernel kernel, PhysMemory mem) {
        this.kernel = kernel;
        this.mem = mem;
    }

    /** An unprobed DART for {@code iommu}; its variant is the plan's impl (t8103, t8103-usb4, t6000, t8110). */
    public AppleDart create(PlanIommu iommu) {
        DartVariant v = DartVariant.of(iommu.impl());
        if (v == null) {
            throw new IllegalArgumentException("not an apple-dart variant: " + iommu.impl());
        }
        AppleDart d = new AppleDart(this, iommu, v);
        darts.put(iommu.id(), d);
        return d;
    }

    public AppleDart dart(String id) {
        return darts.get(id);
    }

    public Map<String, DartResult> deviceResults() {
        return Collections.unmodifiableMap(deviceResults);
    }

    // ---- devices and groups ----

    /**
     * {@code apple_dart_of_xlate} for each stream, {@code apple_dart_device_group}, then the group's
     * default domain ({@code def_domain_type}, A.6) attached, or the existing group's domain (A.3).
     */
    public DartResult addDevice(PlanMaster pm) {
        DartResult r = add(pm);
        deviceResults.put(pm.id(), r);
        return r;
    }

    private DartResult add(PlanMaster pm) {
        DartMaster m = new DartMaster(pm);
        for (PlanStream s : pm.streams()) {
            AppleDart d = darts.get(s.iommu());
            if (d == null || !d.probed()) {
                return DartResult.error(Errno.ENODEV, "DART " + s.iommu() + " did not probe");
            }
            DartResult r = xlate(m, d, s.sid());
            if (!r.isOk()) {
                return r;
            }
        }
        if (m.maps.isEmpty()) {
            return DartResult.error(Errno.ENODEV, pm.id() + " has no DART streams");
        }
        DartGroup g = deviceGroup(m);
        if (g == null) {
            return DartResult.error(Errno.EINVAL, pm.id() + ": its SIDs belong to different IOMMU groups");
        }
        masters.put(m.id(), m);
        m.group = g;
        g.devices.add(m);
        if (g.domain == null) {
            DomainType type = defaultType(m);
            DartDomain d = type == DomainType.DMA ? sharedDefault.apply(m.id(), m.firstDart()) : null;
            if (d == null) {
                d = new DartDomain("default-" + g.id, type);
            }
            g.defaultDomain = d;
            g.domain = d;
        }
        DartResult r = attachDev(g.domain, m);
        if (!r.isOk()) {
            m.domain = null;
        }
        return r;
    }

    /**
     * A sharing policy beyond Linux's domain per group (SPEC §3: one per DART instance, herds): given a
     * new DMA group's first master and its first DART (the one whose iommu_device the core sees, A.8),
     * the shared domain ({@link DartDomain#shared}) to use as the group's default, or null for its own.
     */
    public void shareDefaultDomains(BiFunction<String, AppleDart, DartDomain> policy) {
        this.sharedDefault = policy;
    }

    /** of_xlate (A.3): the SID into this DART's stream map or the next free slot; checks against the first DART. */
    private static DartResult xlate(DartMaster m, AppleDart d, long sid) {
        if (sid < 0 || sid >= d.numStreams) {
            return DartResult.error(Errno.EINVAL, String.format("stream %d out of range for DART %s (%d streams)",
                    sid, d.id(), d.numStreams));
        }
        StreamMap map = null;
        for (StreamMap s : m.maps) {
            if (s.dart == d) {
                map = s;
            }
        }
        if (map == null) {
            if (m.maps.size() == MAX_DARTS_PER_DEVICE) {
                return DartResult.error(Errno.EINVAL, m.id() + ": more than " + MAX_DARTS_PER_DEVICE + " DARTs");
            }
            if (!m.maps.isEmpty()) {
                AppleDart first = m.firstDart();
                if (first.supportsBypass != d.supportsBypass || first.forceBypass != d.forceBypass
                        || first.pgsize != d.pgsize) {
                    return DartResult.error(Errno.EINVAL, m.id() + ": DARTs " + first.id() + " and " + d.id()
                            + " differ in page size or bypass support");
                }
            }
            map = new StreamMap(d);
            m.maps.add(map);
        }
        map.sids.set((int) sid);
        return DartResult.ok();
    }

    /** device_group (A.3): every SID maps to no group or one and the same; else null (-EINVAL). */
    private DartGroup deviceGroup(DartMaster m) {
        DartGroup group = null;
        for (StreamMap s : m.maps) {
            for (int sid = s.sids.nextSetBit(0); sid >= 0; sid = s.sids.nextSetBit(sid + 1)) {
                DartGroup g = s.dart.sid2group[sid];
                if (group != null && g != null && g != group) {
                    return null;
                }
                if (g != null) {
                    group = g;
                }
            }
        }
        if (group == null) {
            group = new DartGroup("g" + nextGroup++);
            groups.add(group);
        }
        for (StreamMap s : m.maps) {
            DartGroup g = group;
            s.sids.stream().forEach(sid -> s.dart.sid2group[sid] = g);
        }
        return group;
    }

    /**
     * {@code apple_dart_def_domain_type} and the core's choice (A.6, A.7): a locked DART wants DMA; a
     * DART page larger than the CPU page wants identity (force-bypass: only if the DART can bypass,
     * else DMA, whose attach then fails; refuse: identity); a DART without bypass wants DMA; otherwise
     * the master's requested type, else the kernel default. The driver's answer wins.
     */
    DomainType defaultType(DartMaster m) {
        DomainType wanted = m.plan.requested() != null ? m.plan.requested() : kernel.defaultDomain();
        if (wanted == DomainType.UNMANAGED) {
            wanted = DomainType.DMA;
        }
        AppleDart d = m.firstDart();
        if (m.locked()) {
            return DomainType.DMA;
        }
        if (d.pgsize > kernel.pageSize()) {
            boolean force = kernel.dartSmallPages() == Kernel.DartSmallPages.FORCE_BYPASS;
            return force && !m.supportsBypass() ? DomainType.DMA : DomainType.IDENTITY;
        }
        if (!m.supportsBypass() && wanted == DomainType.IDENTITY) {
            return DomainType.DMA;
        }
        return wanted;
    }

    // ---- domains ----

    /** A driver attaches its own domain: every device of the master's group moves to it (A.4). */
    public DartResult attach(DartDomain d, String masterId) {
        DartMaster m = masters.get(masterId);
        if (m == null) {
            return DartResult.error(Errno.ENODEV, masterId + " has no IOMMU group on a DART");
        }
        for (DartMaster dev : m.group.devices) {
            DartResult r = attachDev(d, dev);
            if (!r.isOk()) {
                return r;
            }
        }
        m.group.domain = d;
        return DartResult.ok();
    }

    /** {@code apple_dart_attach_dev_identity / _blocked / _paging} (A.4, A.6, A.7). */
    DartResult attachDev(DartDomain d, DartMaster m) {
        DartResult r = switch (d.type()) {
            case IDENTITY -> identity(m);
            case BLOCKED -> blocked(m);
            default -> DartPaging.attach(this, d, m);
        };
        if (r.isOk()) {
            m.domain = d;
            if (!domains.contains(d)) {
                domains.add(d);
            }
        }
        return r;
    }

    private static DartResult identity(DartMaster m) {
        if (m.locked()) {
            return DartResult.error(Errno.EINVAL, "a locked DART cannot bypass (" + m.id() + ")");
        }
        if (!m.supportsBypass()) {
            return DartResult.error(Errno.EINVAL, "DART " + m.firstDart().id() + " does not support bypass ("
                    + m.id() + ")");
        }
        m.maps.forEach(s -> s.dart.enableBypass(s.sids));
        return DartResult.ok();
    }

    private static DartResult blocked(DartMaster m) {
        if (m.locked()) {
            return DartResult.error(Errno.EINVAL, "a locked DART cannot block (" + m.id() + ")");
        }
        m.maps.forEach(s -> s.dart.disableDma(s.sids));
        return DartResult.ok();
    }

    /** The domain a master is attached to now, or null. */
    public DartDomain domainOf(String masterId) {
        DartMaster m = masters.get(masterId);
        return m == null ? null : m.domain;
    }

    /** The master's group id, or null. */
    public String groupOf(String masterId) {
        DartMaster m = masters.get(masterId);
        return m == null || m.group == null ? null : m.group.id;
    }

    /** Every domain a device was attached to, in order. */
    public List<DartDomain> domains() {
        return Collections.unmodifiableList(domains);
    }
}
