package dev.iommuc.corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real-world corpus made by {@code shared/corpus/kernel-dts.sh}: Linux 6.12's arm64 boards with
 * dtc 1.6.1's reference DTBs. Located by {@code $IOMMUC_CORPUS}, else {@code ~/.cache/iommuc/corpus}.
 */
public final class Corpus {

    private Corpus() {
    }

    public static Path dir() {
        String env = System.getenv("IOMMUC_CORPUS");
        return env != null && !env.isEmpty() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache/iommuc/corpus");
    }

    public static boolean present() {
        return Files.isRegularFile(dir().resolve("arm64/boards.txt"));
    }

    /** One board: its source .dts, the kernel's preprocessed text and dtc's reference DTB. */
    public record Board(String name, Path dts, Path pre, Path dtb) {
    }

    public static List<Board> boards() throws IOException {
        Path d = dir();
        return Files.readAllLines(d.resolve("arm64/boards.txt")).stream()
                .filter(l -> !l.isBlank())
                .map(src -> {
                    String name = src.replaceFirst("^arch/arm64/boot/dts/", "").replace("/", "__").replaceFirst("\\.dts$", "");
                    return new Board(name, d.resolve("linux").resolve(src), d.resolve("arm64/" + name + ".pre.dts"),
                            d.resolve("arm64/" + name + ".dtb"));
                })
                .toList();
    }

    public static Path includePrefixes() {
        return dir().resolve("linux/scripts/dtc/include-prefixes");
    }

    /**
     * The plan of a board compiled from its preprocessed source as the kernel recipe does (the board's
     * directory and the include prefixes searched, no cpp); null when it does not compile.
     */
    public static dev.iommuc.runtime.plan.Plan plan(Board b, dev.iommuc.cpp.SourceCache cache,
                                                    dev.iommuc.diag.Diagnostics diags) {
        dev.iommuc.pipeline.LoadOptions lo = new dev.iommuc.pipeline.LoadOptions(
                List.of(b.dts().getParent(), includePrefixes()), java.util.Map.of(), dev.iommuc.pipeline.CppMode.NONE,
                dev.iommuc.model.Fixups.Options.DEFAULT, 0);
        return new dev.iommuc.pipeline.PlanCompiler(lo, cache, null).compile(b.pre(), diags);
    }
}
