package dev.iommuc.runtime.smmu;

import java.util.ArrayList;
import java.util.List;

/**
 * An IOMMU group (reference/arm-smmu-v2.md §3): the devices that share one default domain, and the
 * domain the group is attached to now (the default one, or a driver's).
 */
final class IommuGroup {
    final String id;
    final List<MasterCfg> devices = new ArrayList<>();
    SmmuDomain defaultDomain;
    SmmuDomain domain;

    IommuGroup(String id) {
        this.id = id;
    }

    List<String> deviceIds() {
        List<String> out = new ArrayList<>();
        devices.forEach(d -> out.add(d.id()));
        return out;
    }
}
