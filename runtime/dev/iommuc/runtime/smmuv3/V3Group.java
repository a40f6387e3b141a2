package dev.iommuc.runtime.smmuv3;

import java.util.ArrayList;
import java.util.List;

/**
 * An IOMMU group (reference/dart-smmuv3-of.md B.7): {@code generic_device_group} gives one per device;
 * {@code pci_device_group} joins DMA aliases, but aliases share a StreamID, which 6.12 refuses before
 * grouping ("Aliasing StreamID"), so on this driver every group holds one device.
 */
final class V3Group {

    final String id;
    final List<V3Master> devices = new ArrayList<>();
    V3Domain defaultDomain;
    V3Domain domain;

    V3Group(String id) {
        this.id = id;
    }
}
