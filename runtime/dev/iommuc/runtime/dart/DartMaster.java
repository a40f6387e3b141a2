package dev.iommuc.runtime.dart;

import dev.iommuc.runtime.plan.PlanMaster;

import java.util.ArrayList;
import java.util.List;

/** {@code apple_dart_master_cfg}: a master's stream maps, one per DART in {@code iommus} order (A.3). */
final class DartMaster {

    final PlanMaster plan;
    final List<StreamMap> maps = new ArrayList<>();
    DartGroup group;
    DartDomain domain;

    DartMaster(PlanMaster plan) {
        this.plan = plan;
    }

    String id() {
        return plan.id();
    }

    AppleDart firstDart() {
        return maps.get(0).dart;
    }

    boolean locked() {
        return maps.stream().anyMatch(m -> m.dart.locked);
    }

    boolean supportsBypass() {
        return maps.stream().allMatch(m -> m.dart.supportsBypass);
    }
}
