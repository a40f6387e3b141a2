package dev.iommuc.ci;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Escaping in the machine formats, against the rules their consumers document. */
class CheckEscapingTest {

    @Test
    void githubMessagesEscapePercentAndLineBreaks() {
        // GitHub's toolkit (escapeData): % first, then CR and LF
        assertEquals("100%25 of%0D%0Atwo lines", GithubFormat.data("100% of\r\ntwo lines"));
        assertEquals("%2525", GithubFormat.data("%25"));
    }

    @Test
    void githubPropertiesAlsoEscapeColonAndComma() {
        // escapeProperty: as data, plus ':' and ',' which end a property
        assertEquals("a%3Ab%2Cc%25%0A", GithubFormat.property("a:b,c%\n"));
    }

    @Test
    void junitXmlEscapesMarkupAndDropsWhatXmlCannotCarry() {
        assertEquals("&lt;a href=&quot;x&quot;&gt; &amp; \uFFFD\n", JunitFormat.xml("<a href=\"x\"> & \u0001\n"));
    }

    @Test
    void sarifUrisAreRelativeReferencesOrFileUris() {
        assertEquals("boards/my%20board.dts", SarifFormat.uri("boards/my board.dts"));
        assertEquals("./c:x.dts", SarifFormat.uri("c:x.dts"));
        assertEquals("file:///tmp/a.dts", SarifFormat.uri("/tmp/a.dts"));
    }
}
