package dev.iommuc.pipeline;

import dev.iommuc.checks.TreeChecks;
import dev.iommuc.cpp.CppOptions;
import dev.iommuc.cpp.Preprocessor;
import dev.iommuc.cpp.SourceCache;
import dev.iommuc.cpp.SystemPreprocessor;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.SourcePos;
import dev.iommuc.dtb.DtbReader;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Fixups;
import dev.iommuc.parse.DtsFrontend;
import dev.iommuc.parse.SharedTrees;
import dev.iommuc.parse.SourceText;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The front end as one call: a board file (DTS or DTB) in, a checked live tree out, with every
 * problem reported to the board's {@link Diagnostics}. DTS goes preprocess → line markers and
 * /include/ → parse → tree → dtc fixups → dtc checks; a DTB is read and checked.
 */
public final class TreeLoader {

    private static final int FDT_MAGIC = 0xd00dfeed;

    private final LoadOptions options;
    private final SourceCache cache;
    private final SharedTrees shared;

    public TreeLoader(LoadOptions options, SourceCache cache) {
        this(options, cache, null);
    }

    /** {@code shared}: trees of earlier boards of the run to start from (null: every board parsed whole). */
    public TreeLoader(LoadOptions options, SourceCache cache, SharedTrees shared) {
        this.options = options;
        this.cache = cache;
        this.shared = shared;
    }

    /** Loads one board; null when it could not be read or has errors that stop tree building. */
    public DeviceTree load(Path board, Diagnostics diags) {
        byte[] head;
        try {
            head = readHead(board);
        } catch (IOException e) {
            diags.error("io", SourcePos.of(board.toString(), 0, 0), "cannot read " + board + ": " + reason(e));
            return null;
        }
        DeviceTree tree;
        if (isDtb(head)) {
            byte[] blob;
            try {
                blob = Files.readAllBytes(board);
            } catch (IOException e) {
                diags.error("io", SourcePos.of(board.toString(), 0, 0), "cannot read " + board + ": " + reason(e));
                return null;
            }
            tree = DtbReader.read(blob, board.toString(), diags);
        } else {
            return finish(loadDts(board, diags), diags);
        }
        if (tree != null) {
            TreeChecks.run(tree, diags);
        }
        return tree;
    }

    /**
     * Loads a DTS board given as text (Java or no preprocessing; {@code name} is shown in positions and
     * includes resolve from its directory); null as for {@link #load}.
     */
    public DeviceTree loadText(String name, String text, Diagnostics diags) {
        String pre = options.cpp() == CppMode.JAVA ? javaCpp(diags).preprocessText(name, text) : text;
        // the front end reads bytes, as dtc does: ISO-8859-1, a char beyond it as '?' (as our cpp reads it)
        byte[] bytes = pre.getBytes(StandardCharsets.ISO_8859_1);
        return finish(parse(new Preprocessor.Output(bytes, bytes.length), Path.of(name), name, diags), diags);
    }

    /** dtc's order after parsing: reference fixups, then the checks, then __symbols__/__fixups__ generation. */
    private DeviceTree finish(DeviceTree tree, Diagnostics diags) {
        if (tree == null) {
            return null;
        }
        tree.setBootCpuidPhys(options.bootCpuid());
        Fixups fixups = Fixups.resolve(tree, diags, options.fixups());
        TreeChecks.run(tree, diags);
        fixups.generate();
        return tree;
    }

    /**
     * Preprocessed text of a DTS board, per the chosen preprocessor, one byte per char as the front end
     * reads it; null after a reported failure.
     */
    private Preprocessor.Output preprocessOutput(Path board, Diagnostics diags) {
        return switch (options.cpp()) {
            case JAVA -> javaCpp(diags).preprocessOutput(board);
            case SYSTEM -> {
                byte[] b = new SystemPreprocessor(new CppOptions(options.includeDirs(), options.defines()), diags)
                        .preprocess(board).getBytes(StandardCharsets.ISO_8859_1);
                yield new Preprocessor.Output(b, b.length);
            }
            case NONE -> {
                try {
                    byte[] b = Files.readAllBytes(board);
                    yield new Preprocessor.Output(b, b.length);
                } catch (IOException e) {
                    diags.error("io", SourcePos.of(board.toString(), 0, 0), "cannot read " + board + ": " + reason(e));
                    yield null;
                }
            }
        };
    }

    private Preprocessor javaCpp(Diagnostics diags) {
        return new Preprocessor(new CppOptions(options.includeDirs(), options.defines()), diags, cache);
    }

    private DeviceTree loadDts(Path board, Diagnostics diags) {
        return parse(preprocessOutput(board, diags), board, board.toString(), diags);
    }

    /** The tree of preprocessed {@code text} read from {@code file} (shown as {@code name}); null on errors. */
    private DeviceTree parse(Preprocessor.Output text, Path file, String name, Diagnostics diags) {
        if (text == null || diags.hasErrors()) {
            return null;
        }
        SourceText.Result src = SourceText.of(text.bytes(), text.length(), file, name, options.includeDirs(), diags);
        Path dir = file.toAbsolutePath().getParent();
        DeviceTree tree = DtsFrontend.parse(src, dir, options.includeDirs(), diags, shared);
        return diags.hasErrors() ? null : tree;
    }

    private static byte[] readHead(Path p) throws IOException {
        try (var in = Files.newInputStream(p)) {
            return in.readNBytes(4);
        }
    }

    private static boolean isDtb(byte[] head) {
        return head.length == 4 && (((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8)
                | (head[3] & 0xff)) == FDT_MAGIC;
    }

    static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
