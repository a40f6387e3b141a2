package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.Errno;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.PlanMaster;

/**
 * {@code iommu_probe_device} for one master: {@code arm_smmu_probe_device} (reference/arm-smmu-v2.md
 * §1.7, §2.3), {@code arm_smmu_device_group} (§3) and the default-domain type of a group (§6.2).
 */
final class DeviceProbe {

    private DeviceProbe() {
    }

    static Result add(ArmSmmu s, PlanMaster master) {
        if (!s.probed()) {
            return Result.error(Errno.ENODEV, "IOMMU " + s.id() + " did not probe");
        }
        if (master.noIommu() != null) {
            return Result.error(Errno.ENODEV, master.noIommu());
        }
        if (s.masters.containsKey(master.id())) {
            return Result.error(Errno.EEXIST, master.id() + " is already added");
        }
        int[] fwids = s.fwids(master);
        if (fwids.length == 0) {
            return Result.error(Errno.ENODEV, master.id() + " has no stream on " + s.id());
        }
        // §1.7 step 2, after the SMR width probe
        for (int f : fwids) {
            int sid = MasterCfg.sid(f);
            int mask = MasterCfg.mask(f);
            if ((sid & ~s.cfg.streamidMask) != 0) {
                return Result.error(Errno.EINVAL, String.format("stream ID 0x%x out of range for SMMU (0x%x)",
                        sid, s.cfg.streamidMask));
            }
            if ((mask & ~s.cfg.smrMaskMask) != 0) {
                return Result.error(Errno.EINVAL, String.format("SMR mask 0x%x out of range for SMMU (0x%x)",
                        mask, s.cfg.smrMaskMask));
            }
        }
        MasterCfg cfg = new MasterCfg(master, fwids);
        Result r = s.streamMap.allocSmes(cfg);
        if (!r.isOk()) {
            return r;
        }
        // §3 step 1: the last non-NULL group wins; a NULL entry resets the walk; two different groups fail
        IommuGroup group = null;
        for (int idx : cfg.smendx) {
            IommuGroup g = s.streamMap.s2cr(idx).group;
            if (group != null && g != null && group != g) {
                s.streamMap.freeSmes(cfg);
                return Result.error(Errno.EINVAL, String.format(
                        "stream-map entries of %s belong to two different groups (%s and %s)",
                        master.id(), group.id, g.id));
            }
            group = g;
        }
        if (group == null) {
            // §3 steps 3–4: a new group (generic_device_group, also for PCI here), stored in every SME
            group = s.newGroup();
            for (int idx : cfg.smendx) {
                s.streamMap.s2cr(idx).group = group;
            }
        } else if (!s.groups.contains(group)) {
            s.groups.add(group);
        }
        cfg.group = group;
        group.devices.add(cfg);
        s.masters.put(master.id(), cfg);
        if (group.domain != null) {
            Result a = s.attachDev(group.domain, cfg);
            if (!a.isOk()) {
                s.release(cfg);
            }
            return a;
        }
        s.queueGroup(group);
        return Result.ok();
    }

    /**
     * The group's default domain type (§6.2): each device's answer is the driver's ({@code IDENTITY}
     * with the legacy binding, [M]) or else the plan's request (the policy's decision, e.g. the
     * Qualcomm client list); conflicting answers make IDENTITY; no answer takes the kernel default.
     */
    static DomainType defaultDomainType(ArmSmmu s, IommuGroup g) {
        DomainType combined = null;
        MasterCfg first = null;
        for (MasterCfg dev : g.devices) {
            DomainType t = s.system.usingLegacyBinding() ? DomainType.IDENTITY : dev.master.requested();
            if (t == DomainType.UNMANAGED) {
                t = DomainType.DMA;
            }
            if (t == null) {
                continue;
            }
            if (combined != null && combined != t) {
                s.warn(String.format("IOMMU driver error, requesting conflicting def_domain_type, %s and %s, "
                        + "for devices in group %s.", name(combined), name(t), g.id));
                combined = DomainType.IDENTITY;
                continue;
            }
            if (combined == null) {
                first = dev;
            }
            combined = t;
        }
        if (combined == null) {
            combined = s.kernel.defaultDomain() == DomainType.UNMANAGED ? DomainType.DMA : s.kernel.defaultDomain();
        }
        if (first != null && first.master.reason() != null) {
            s.info(g.id + " default domain " + name(combined) + " (" + first.master.reason() + ")");
        }
        return combined;
    }

    private static String name(DomainType t) {
        return switch (t) {
            case IDENTITY -> "Passthrough";
            case BLOCKED -> "Blocked";
            case DMA -> "Translated";
            case UNMANAGED -> "Unmanaged";
        };
    }
}
