package dev.iommuc.policy;

import dev.iommuc.diag.SourcePos;

import java.util.List;

/**
 * How default domains are shared. {@code strategy} is null in a file that does not set it (herds
 * alone imply {@link SharingStrategy#HERD}); after layering it is set.
 */
public record Sharing(SharingStrategy strategy, List<Herd> herds, SourcePos pos) {

    public static final Sharing UNSET = new Sharing(null, List.of(), SourcePos.UNKNOWN);

    public Sharing {
        herds = List.copyOf(herds);
    }
}
