package dev.iommuc.runtime.exec;

import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanDomain;

import java.util.Collection;
import java.util.List;

/**
 * The plan's sharing strategy (SPEC §3), read the same way by every family: Linux's one default
 * domain per group, one per IOMMU instance, or herds — plan domains named {@code herd:<name>} whose
 * masters' groups take the herd's domain as their default.
 */
record Sharing(Plan plan) {

    static final String HERD_PREFIX = "herd:";

    boolean herds() {
        return plan.sharing().equals("herd");
    }

    boolean perIommu() {
        return plan.sharing().equals("per-iommu");
    }

    /** The plan name of the herd holding any of {@code masters} (the first herd in plan order), or null. */
    String herdOf(Collection<String> masters) {
        if (!herds()) {
            return null;
        }
        for (PlanDomain d : plan.domains()) {
            if (d.name().startsWith(HERD_PREFIX) && masters.stream().anyMatch(d.masters()::contains)) {
                return d.name();
            }
        }
        return null;
    }

    String herdOf(String master) {
        return herdOf(List.of(master));
    }
}
