package dev.iommuc.runtime.dart;

import java.util.ArrayList;
import java.util.List;

/** An IOMMU group (A.3): devices sharing any SID on any DART are in one group. */
final class DartGroup {

    final String id;
    final List<DartMaster> devices = new ArrayList<>();
    DartDomain defaultDomain;
    DartDomain domain;

    DartGroup(String id) {
        this.id = id;
    }
}
