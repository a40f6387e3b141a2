package dev.iommuc.policy;

import dev.iommuc.diag.SourcePos;

import java.util.List;

/**
 * One default-domain rule: masters selected by {@code match} get a default domain of type
 * {@code domain}. Rules are tried in order and the first that matches a master wins.
 *
 * @param iommuImpl when not empty, the rule only applies to a master whose IOMMU runs one of these
 *                  driver implementations (the resolver's {@code impl} names, e.g. {@code qcom-smmu-500}):
 *                  the Qualcomm client list is a hook of the qcom impls only, so it does nothing
 *                  behind a generic SMMU
 */
public record MasterRule(List<Selector> match, List<String> iommuImpl, DomainType domain, SourcePos pos) {

    public MasterRule {
        match = List.copyOf(match);
        iommuImpl = List.copyOf(iommuImpl);
    }

    /** Whether the rule's implementation condition holds for an IOMMU running {@code impl}. */
    public boolean appliesBehind(String impl) {
        return iommuImpl.isEmpty() || iommuImpl.contains(impl);
    }
}
