package dev.iommuc.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.iommuc.cli.CheckHarness.check;
import static dev.iommuc.cli.CheckHarness.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7, acceptance 3: golden reports made with {@code --update-expect}, then one stream ID changed in
 * the board: {@code --expect} fails (exit 1) and says which master and which stream-map entry moved.
 */
class CheckDriftTest {

    @TempDir
    Path tmp;

    private Path board;
    private Path soc;
    private Path expect;

    @BeforeEach
    void copyTheDemoBoard() throws Exception {
        board = tmp.resolve("demo-board.dts");
        soc = tmp.resolve("demo-soc.dtsi");
        expect = tmp.resolve("expected");
        Files.copy(Path.of("dts-examples/boards/demo-board.dts"), board);
        Files.copy(Path.of("dts-examples/boards/demo-soc.dtsi"), soc);
    }

    private CheckHarness.Result checkBoard(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(board.toString(), "-I", "dts-examples/include",
                "--expect", expect.toString()));
        args.addAll(List.of(more));
        return check(args.toArray(String[]::new));
    }

    private void edit(Path file, String from, String to) throws Exception {
        String text = Files.readString(file);
        assertTrue(text.contains(from), from);
        Files.writeString(file, text.replace(from, to));
    }

    @Test
    void aChangedStreamIdIsNamedByMasterAndStreamMapEntry() throws Exception {
        CheckHarness.Result golden = checkBoard("--update-expect");
        assertEquals(0, golden.code(), golden.err());
        assertEquals("wrote 1 expected report\n" + summary(1, 1, 0, 0, 0, 0), golden.out());
        assertTrue(Files.readString(expect.resolve("demo-board.yaml")).startsWith("apiVersion: iommuc.report/v1\n"));
        assertEquals(0, checkBoard().code(), "no drift right after --update-expect");

        // USB's stream ID is DEMO_SID(2, 0x40) = 2 << 10 | 0x40 = 0x840; it becomes 0x841. It holds
        // stream-map entry 3 (after the GPU's 0 and the display's 1 and 2), whose SMR is valid bit 31 |
        // mask 0 << 16 | id: 0x80000840 -> 0x80000841.
        edit(soc, "iommus = <&apps_smmu DEMO_SID_USB 0x0>;", "iommus = <&apps_smmu (DEMO_SID_USB + 1) 0x0>;");
        CheckHarness.Result r = checkBoard();
        assertEquals(1, r.code(), r.err());
        assertEquals(board + ": drift\n"
                + "    drift from the expected report:\n"
                + "      iommu /soc@0/iommu@2000000: stream-map entry 3: sid 0x840 -> 0x841\n"
                + "      iommu /soc@0/iommu@2000000: stream-map entry 3: smr 0x80000840 -> 0x80000841\n"
                + "      master /soc@0/usb@5000000: streams[0] sid 0x840 -> 0x841\n"
                + summary(1, 0, 0, 0, 1, 0), r.out());

        // --update-expect accepts the change; the next comparison is clean again
        assertEquals("wrote 1 expected report\n" + summary(1, 1, 0, 0, 0, 0), checkBoard("--update-expect").out());
        assertEquals(0, checkBoard().code());
        try (var files = Files.list(expect)) {
            assertEquals(List.of(expect.resolve("demo-board.yaml")), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void aDeletedMasterIsReportedRemovedWithWhatItHeld() throws Exception {
        assertEquals(0, checkBoard("--update-expect").code());
        // USB is the last master: it held stream-map entry 3, context bank 2, group g2 and domain d2,
        // and nothing after it is renumbered
        edit(board, "&usb {\n\tstatus = \"okay\";\n\tdr_mode = \"host\";\n};", "/delete-node/ &usb;");
        CheckHarness.Result r = checkBoard();
        assertEquals(1, r.code());
        assertEquals(board + ": drift\n"
                + "    drift from the expected report:\n"
                + "      iommu /soc@0/iommu@2000000: stream-map entry 3 removed\n"
                + "      iommu /soc@0/iommu@2000000: context bank 2 removed\n"
                + "      master /soc@0/usb@5000000 removed\n"
                + "      group g2 removed\n"
                + "      domain d2 removed\n"
                + summary(1, 0, 0, 0, 1, 0), r.out());
    }

    @Test
    void aDisabledMasterLosesItsDomainAndTheOthersMoveUp() throws Exception {
        assertEquals(0, checkBoard("--update-expect").code());
        edit(board, "&gpu {\n\tstatus = \"okay\";\n};", "");
        CheckHarness.Result r = checkBoard();
        assertEquals(1, r.code());
        // a disabled master stays in the report without group or domain (written as null)
        assertTrue(r.out().contains("      master /soc@0/gpu@3000000: domain d0 -> null\n"), r.out());
        // the GPU was group g0 and domain d0: the display's group and domain now take the first ids
        assertTrue(r.out().contains("      master /soc@0/display-controller@4000000: group g1 -> g0\n"), r.out());
        assertTrue(r.out().contains("      master /soc@0/display-controller@4000000: domain d1 -> d0\n"), r.out());
    }

    @Test
    void aBoardWithoutExpectedReportDrifts() throws Exception {
        Files.createDirectories(expect);
        CheckHarness.Result r = checkBoard();
        assertEquals(1, r.code());
        assertEquals(board + ": drift\n"
                + "    drift from the expected report:\n"
                + "      no expected report " + expect.resolve("demo-board.yaml") + "\n"
                + summary(1, 0, 0, 0, 1, 0), r.out());
    }

    @Test
    void updateExpectRewritesOnlyChangedFilesAndStillFailsOnErrors() throws Exception {
        assertEquals(0, checkBoard("--update-expect").code());
        assertEquals("wrote 0 expected reports\n" + summary(1, 1, 0, 0, 0, 0), checkBoard("--update-expect").out());
        edit(soc, "iommus = <&apps_smmu DEMO_SID_USB 0x0>;", "iommus = <&apps_smmu DEMO_SID_USB>;");
        CheckHarness.Result r = checkBoard("--update-expect");
        assertEquals(1, r.code(), "a board with errors keeps exit 1 under --update-expect:\n" + r.out());
        // too few cells after the phandle: dtc's size warning and iommuc's error
        assertTrue(r.out().startsWith(board + ": 1 error, 1 warning\n"), r.out());
    }
}
