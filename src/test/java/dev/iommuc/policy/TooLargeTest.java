package dev.iommuc.policy;

import dev.iommuc.diag.Diagnostics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.iommuc.policy.PolicyTests.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Oversized input is refused by its size, before any YAML is read. */
class TooLargeTest {

    private static final String MESSAGE = "error policy-too-large 1:1 policy larger than 1048576 characters (1 MiB)";

    private static String tenMegabytes() {
        StringBuilder sb = new StringBuilder(PolicyTests.HEAD).append("workload:\n");
        String entry = "  - {domain: gpu, iova: 0x10000000, size: 64M, prot: rw}\n";
        while (sb.length() < 10 << 20) {
            sb.append(entry);
        }
        return sb.toString();
    }

    @Test
    void tenMegabyteTextIsRefused() {
        Diagnostics d = new Diagnostics();
        assertNull(PolicyLoader.load(tenMegabytes(), "big.yaml", d));
        assertEquals(List.of(MESSAGE), lines(d));
    }

    @Test
    void tenMegabyteFileIsRefused(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("big.yaml");
        Files.writeString(f, tenMegabytes(), StandardCharsets.UTF_8);
        Diagnostics d = new Diagnostics();
        assertNull(PolicyLoader.load(f, d));
        assertEquals(List.of(MESSAGE), lines(d));
    }

    @Test
    void justOverTheCodePointLimitIsRefusedAndJustUnderIsRead() {
        String head = PolicyTests.HEAD + "# ";
        String under = head + "x".repeat(PolicyLoader.CODE_POINT_LIMIT - head.length() - 1) + "\n";
        Diagnostics ok = new Diagnostics();
        assertEquals(Policy.API_VERSION, PolicyLoader.load(under, "under.yaml", ok).apiVersion());
        String over = head + "\u00e9".repeat(PolicyLoader.CODE_POINT_LIMIT) + "\n";
        Diagnostics d = new Diagnostics();
        assertNull(PolicyLoader.load(over, "over.yaml", d));
        assertEquals(List.of(MESSAGE), lines(d));
    }

    @Test
    void unreadableAndNonUtf8Files(@TempDir Path dir) throws IOException {
        Diagnostics d = new Diagnostics();
        Path missing = dir.resolve("missing.yaml");
        assertNull(PolicyLoader.load(missing, d));
        assertEquals(List.of("error io 0:0 cannot read policy " + missing + ": no such file"), lines(d));
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, (PolicyTests.HEAD + "# caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
        Diagnostics e = new Diagnostics();
        assertNull(PolicyLoader.load(latin1, e));
        assertEquals(List.of("error policy-syntax 2:6 not valid UTF-8"), lines(e));
    }
}
