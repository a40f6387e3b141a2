package dev.iommuc.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Puts a user policy over its base (a profile). Scalars override; master rules are prepended, so a
 * user rule wins over a profile rule for the same master; named or selected entries (domains and
 * herds by name, hardware and PCI by selector, buffers by target and IOVA) replace the base entry in
 * place, and new ones follow the base's. The result has every kernel fact and a sharing strategy.
 */
public final class PolicyLayering {

    private PolicyLayering() {
    }

    public static Policy layer(Policy base, Policy user) {
        KernelFacts kernel = user.kernel().over(base.kernel()).over(KernelFacts.FALLBACK);
        List<MasterRule> masters = new ArrayList<>(user.masters());
        masters.addAll(base.masters());
        SharingStrategy strategy = user.sharing().strategy() != null ? user.sharing().strategy()
                : base.sharing().strategy() != null ? base.sharing().strategy() : SharingStrategy.PER_GROUP;
        Sharing sharing = new Sharing(strategy, merge(base.sharing().herds(), user.sharing().herds(), Herd::name),
                user.sharing().pos().known() ? user.sharing().pos() : base.sharing().pos());
        return new Policy(Policy.API_VERSION, user.profile(), kernel, masters,
                merge(base.domains(), user.domains(), DriverDomain::name), sharing,
                merge(base.hardware(), user.hardware(), h -> Selectors.key(h.iommu())),
                merge(base.pci(), user.pci(), p -> Selectors.key(p.host())),
                merge(base.workload(), user.workload(), Buffer::key),
                user.pos().known() ? user.pos() : base.pos());
    }

    /** {@code user} over the profile it names. */
    public static Policy effective(Policy user) {
        Policy base = Profiles.get(user.profile());
        return layer(base == null ? Policy.EMPTY : base, user);
    }

    /** The policy of a run without {@code --policy}: the default profile alone. */
    public static Policy defaults() {
        Policy empty = Policy.EMPTY;
        return effective(new Policy(empty.apiVersion(), Profiles.DEFAULT, empty.kernel(), empty.masters(),
                empty.domains(), empty.sharing(), empty.hardware(), empty.pci(), empty.workload(), empty.pos()));
    }

    private static <T> List<T> merge(List<T> base, List<T> user, Function<T, String> key) {
        Map<String, T> out = new LinkedHashMap<>();
        for (T t : base) {
            out.put(key.apply(t), t);
        }
        for (T t : user) {
            out.put(key.apply(t), t);
        }
        return new ArrayList<>(out.values());
    }
}
