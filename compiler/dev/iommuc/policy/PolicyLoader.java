package dev.iommuc.policy;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.SourcePos;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads an {@code iommuc.policy/v1} file. SnakeYAML only composes the text into position-carrying
 * nodes (never constructs objects, so no tag can name a class); {@link PolicyParser} maps the nodes
 * to records. Every problem is a diagnostic with the YAML line and column; nothing throws, and size,
 * depth and alias limits keep hostile input from taking time or memory.
 */
public final class PolicyLoader {

    /** Longest policy accepted, in code points; real ones are a few KiB. */
    public static final int CODE_POINT_LIMIT = 1 << 20;
    /** Aliases of lists or mappings allowed per file: enough for sharing selector lists, not for a bomb. */
    public static final int MAX_COLLECTION_ALIASES = 20;
    static final int NESTING_LIMIT = 50;

    private PolicyLoader() {
    }

    /** The loader options of every policy read: the house-style safe configuration. */
    static LoaderOptions options() {
        LoaderOptions o = new LoaderOptions();
        o.setAllowDuplicateKeys(false);
        o.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        o.setAllowRecursiveKeys(false);
        o.setCodePointLimit(CODE_POINT_LIMIT);
        o.setNestingDepthLimit(NESTING_LIMIT);
        return o;
    }

    /** Loads a policy file; null after reporting (an unreadable file is {@code io}, exit code 2). */
    public static Policy load(Path file, Diagnostics diags) {
        String name = file.toString();
        try {
            // UTF-8 takes at most 4 bytes per code point: anything larger is over the limit unread
            if (Files.size(file) > 4L * CODE_POINT_LIMIT) {
                tooLarge(name, diags);
                return null;
            }
            String text = decode(Files.readAllBytes(file), name, diags);
            return text == null ? null : load(text, name, diags);
        } catch (IOException e) {
            String why = e instanceof NoSuchFileException ? "no such file" : e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage());
            diags.error(PolicyChecks.IO, SourcePos.of(name, 0, 0), "cannot read policy " + name + ": " + why);
            return null;
        }
    }

    /** Loads policy text; {@code fileName} names it in diagnostics. Null after reporting. */
    public static Policy load(String text, String fileName, Diagnostics diags) {
        if (text.length() > 2 * CODE_POINT_LIMIT || text.codePointCount(0, text.length()) > CODE_POINT_LIMIT) {
            tooLarge(fileName, diags);
            return null;
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        NodeReader r = new NodeReader(fileName, diags);
        try {
            Yaml yaml = new Yaml(new SafeConstructor(options()));
            if (!new YamlGuard(r, MAX_COLLECTION_ALIASES).scan(yaml, text)) {
                return null;
            }
            Node root;
            try {
                root = yaml.compose(new StringReader(text));
            } catch (RuntimeException | StackOverflowError e) {
                YamlGuard.report(r, e, null);
                return null;
            }
            return new PolicyParser(r).parse(root, r.start());
        } catch (RuntimeException e) {
            // a bug in our own schema code must still not escape as a stack trace from a bad file
            r.error(PolicyChecks.SYNTAX, r.start(), "", "cannot read the policy: " + e);
            return null;
        }
    }

    private static void tooLarge(String name, Diagnostics diags) {
        diags.error(PolicyChecks.TOO_LARGE, SourcePos.of(name, 1, 1),
                "policy larger than " + CODE_POINT_LIMIT + " characters (1 MiB)");
    }

    /** Strict UTF-8; a bad byte is reported at its line and column. */
    private static String decode(byte[] bytes, String name, Diagnostics diags) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult cr = dec.decode(in, out, true);
        if (!cr.isError()) {
            cr = dec.flush(out);
        }
        if (cr.isError()) {
            int off = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < off; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            diags.error(PolicyChecks.SYNTAX, SourcePos.of(name, line, off - lineStart + 1), "not valid UTF-8");
            return null;
        }
        return out.flip().toString();
    }
}
