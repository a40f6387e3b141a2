package dev.iommuc.plan;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/**
 * The one YAML emitter of plans and reports: block style, 2-space indent, explicit ordered maps
 * (never records, which SnakeYAML cannot represent), {@link Hex} values as plain hex integers, no
 * anchors or aliases.
 */
public final class YamlOut {

    private YamlOut() {
    }

    private static final class HexRepresenter extends Representer {
        HexRepresenter(DumperOptions o) {
            super(o);
            Represent hex = data -> representScalar(Tag.INT, data.toString());
            this.representers.put(Hex.class, hex);
        }
    }

    public static String dump(Object document) {
        String fast = YamlBlockWriter.write(document);
        return fast != null ? fast : snakeYaml(document);
    }

    /** SnakeYAML's rendering: the reference {@link YamlBlockWriter} is held to, and its fallback. */
    static String snakeYaml(Object document) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setIndicatorIndent(0);
        o.setWidth(120);
        o.setSplitLines(false);
        o.setLineBreak(DumperOptions.LineBreak.UNIX);
        // a value shared by identity (List.of() for every master without compatible) must not turn
        // into &id001 / *id001: readers of reports and plans expect plain values (SPEC §5)
        o.setDereferenceAliases(true);
        return new Yaml(new HexRepresenter(o), o).dump(document);
    }
}
