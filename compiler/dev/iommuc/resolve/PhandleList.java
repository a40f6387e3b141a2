package dev.iommuc.resolve;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.SourcePos;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;

import java.util.ArrayList;
import java.util.List;

/**
 * of_parse_phandle_with_args over a whole property ({@code iommus} with {@code #iommu-cells},
 * {@code mmu-masters} with {@code #stream-id-cells}): entries in order, each a phandle plus as many
 * cells as the target's cells property says. Like the kernel's walk, it stops at the first entry it
 * cannot parse; the entries before it stand (dart-smmuv3-of.md C.1).
 */
final class PhandleList {

    private PhandleList() {
    }

    /** One parsed entry: its index in the property, the target node and its argument cells. */
    record Entry(int index, Node target, List<Long> args) {
    }

    /**
     * Parses {@code prop} of {@code owner}; problems are reported at the property.
     *
     * @param cellsName the target's cells property
     * @param iommuTargets targets are IOMMUs: a target without cells is either a provider missing its
     *                     property or not an IOMMU at all; otherwise a missing property is always
     *                     {@code iommu-cells-missing}
     */
    static List<Entry> parse(Dt dt, Diagnostics diags, Node owner, String prop, String cellsName,
                             boolean iommuTargets) {
        Property p = owner.property(prop);
        List<Entry> out = new ArrayList<>();
        if (p == null) {
            return out;
        }
        SourcePos pos = p.pos() == null ? owner.pos() : p.pos();
        String subject = Dt.subject(owner, prop);
        if (p.value().length() % 4 != 0) {
            IommuCheck.CELLS_MISMATCH.report(diags, pos, subject, String.format(
                    "length %d bytes is not a whole number of cells; the trailing bytes are ignored",
                    p.value().length()));
        }
        long[] c = Dt.cells(p.value());
        int i = 0;
        int index = 0;
        while (i < c.length) {
            long ph = c[i];
            Node target = dt.byPhandle(ph);
            if (target == null) {
                IommuCheck.BAD_PHANDLE.report(diags, pos, subject, String.format(
                        ph == 0 ? "entry %d has phandle 0%s" : "entry %d: phandle 0x%x names no node",
                        index, ph == 0 ? "" : ph) + "; the kernel stops reading the property there");
                break;
            }
            Long cells = Dt.u32(target, cellsName);
            if (cells == null) {
                IommuCheck check = !iommuTargets || Catalogue.looksLikeIommu(target)
                        ? IommuCheck.CELLS_MISSING : IommuCheck.NOT_A_PROVIDER;
                check.report(diags, pos, subject, check == IommuCheck.CELLS_MISSING
                        ? String.format("entry %d: %s has no %s; the kernel stops reading the property there",
                        index, target.path(), cellsName)
                        : String.format("entry %d: %s is not an IOMMU (no %s)", index, target.path(), cellsName));
                break;
            }
            if (i + 1 + cells > c.length) {
                IommuCheck.CELLS_MISMATCH.report(diags, pos, subject, String.format(
                        "entry %d: %s has %s = <%d> but only %d cell(s) follow the phandle",
                        index, target.path(), cellsName, cells, c.length - i - 1));
                break;
            }
            List<Long> args = new ArrayList<>();
            for (int k = 0; k < cells; k++) {
                args.add(c[i + 1 + k]);
            }
            out.add(new Entry(index, target, args));
            i += 1 + cells.intValue();
            index++;
        }
        return out;
    }
}
