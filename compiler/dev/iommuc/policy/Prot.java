package dev.iommuc.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Access permissions and attributes of a mapping, as the IOMMU API's {@code IOMMU_READ},
 * {@code IOMMU_WRITE}, {@code IOMMU_CACHE}, {@code IOMMU_MMIO}, {@code IOMMU_PRIV} flags; without
 * {@code exec} the mapping is {@code IOMMU_NOEXEC}.
 *
 * <p>Written as permission letters {@code r}, {@code w}, {@code x} (at least {@code r} or {@code w},
 * each once) and optional flag words, separated by spaces, commas or {@code +}: {@code rw},
 * {@code r+x}, {@code rw,cache}, {@code rw mmio}.
 */
public record Prot(boolean read, boolean write, boolean exec, boolean cache, boolean mmio, boolean priv) {

    public static final Prot RW = new Prot(true, true, false, false, false, false);

    /** Parses the YAML spelling; returns null and sets {@code why[0]} when it is malformed. */
    static Prot parse(String text, String[] why) {
        String[] words = text.trim().split("[\\s,+]+");
        boolean r = false;
        boolean w = false;
        boolean x = false;
        boolean cache = false;
        boolean mmio = false;
        boolean priv = false;
        for (String word : words) {
            switch (word) {
                case "cache" -> cache = true;
                case "mmio" -> mmio = true;
                case "priv" -> priv = true;
                default -> {
                    // permission words add up ("r+x" is rx); a letter twice is a typo
                    for (char c : word.toCharArray()) {
                        boolean known = c == 'r' || c == 'w' || c == 'x';
                        boolean twice = c == 'r' ? r : c == 'w' ? w : c == 'x' && x;
                        if (!known || twice) {
                            why[0] = "'" + word + "' is neither a permission word (r, w, x) nor a flag (cache, mmio, priv)";
                            return null;
                        }
                        r |= c == 'r';
                        w |= c == 'w';
                        x |= c == 'x';
                    }
                }
            }
        }
        if (!r && !w) {
            why[0] = "needs r or w";
            return null;
        }
        if (cache && mmio) {
            // io-pgtable gives MMIO precedence and silently drops CACHE; a policy saying both is a mistake
            why[0] = "cache and mmio exclude each other";
            return null;
        }
        return new Prot(r, w, x, cache, mmio, priv);
    }

    /** The canonical YAML spelling, e.g. {@code rw,cache}. */
    @Override
    public String toString() {
        List<String> words = new ArrayList<>();
        words.add((read ? "r" : "") + (write ? "w" : "") + (exec ? "x" : ""));
        if (cache) {
            words.add("cache");
        }
        if (mmio) {
            words.add("mmio");
        }
        if (priv) {
            words.add("priv");
        }
        return String.join(",", words);
    }
}
