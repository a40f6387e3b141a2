package dev.iommuc.resolve;

import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Fixups;
import dev.iommuc.pipeline.CppMode;
import dev.iommuc.pipeline.LoadOptions;
import dev.iommuc.pipeline.TreeLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Small boards as DTS text through the real front end (no cpp), then the resolver. */
final class Fixture {

    private Fixture() {
    }

    /** A resolved board and the resolver's own diagnostics (front-end ones are left out). */
    record Result(Topology topology, List<Diagnostic> diags) {

        Provider provider(String path) {
            Provider p = topology.provider(path);
            assertNotNull(p, path);
            return p;
        }

        Master master(String path) {
            for (Master m : topology.masters()) {
                if (m.path().equals(path)) {
                    return m;
                }
            }
            throw new AssertionError("no master " + path + " in " + topology.masters().stream().map(Master::path).toList());
        }

        /** "check subject" per diagnostic, in report order. */
        List<String> ids() {
            return diags.stream().map(d -> d.check() + " " + d.subject()).toList();
        }

        List<String> of(String check) {
            return diags.stream().filter(d -> d.check().equals(check)).map(Diagnostic::message).toList();
        }
    }

    static Result resolve(String dts) {
        return resolve(dts, ResolveOptions.NONE);
    }

    static Result resolve(String dts, ResolveOptions options) {
        try {
            Path f = Files.createTempFile("resolve", ".dts");
            try {
                Files.writeString(f, dts.startsWith("/dts-v1/") ? dts : "/dts-v1/;\n" + dts);
                return resolve(f, options);
            } finally {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Result resolve(Path board, ResolveOptions options) {
        LoadOptions lo = new LoadOptions(List.of(), Map.of(), CppMode.NONE, Fixups.Options.DEFAULT, 0);
        Diagnostics diags = new Diagnostics();
        DeviceTree tree = new TreeLoader(lo, new SourceCache()).load(board, diags);
        assertNotNull(tree, () -> "does not load: " + diags.all().stream().map(Diagnostic::headline).toList());
        int before = diags.all().size();
        Topology t = TopologyResolver.resolve(tree, diags, options);
        return new Result(t, new ArrayList<>(diags.all().subList(before, diags.all().size())));
    }

    /** Streams of a master as "provider sid/mask" strings, hex. */
    static List<String> streams(Master m) {
        return m.streams().stream().map(s -> String.format("%s 0x%x/0x%x", s.provider(), s.sid(), s.mask())).toList();
    }

    static void assertStreams(Master m, String... expected) {
        assertEquals(List.of(expected), streams(m), m.path());
    }
}
