package dev.iommuc.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Pre-order walk over the live nodes with an explicit stack, so arbitrarily deep trees (a DTB may
 * nest thousands of levels) cannot overflow the Java stack. Writers use it for their output order.
 */
public final class TreeWalk {

    /** Called on entering a node (before its children) and on leaving it; depth 0 is the start node. */
    public interface Visitor {
        void enter(Node node, int depth);

        void exit(Node node, int depth);
    }

    private TreeWalk() {
    }

    public static void live(Node root, Visitor v) {
        List<Node> stack = new ArrayList<>();
        List<Integer> next = new ArrayList<>();
        v.enter(root, 0);
        stack.add(root);
        next.add(0);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            List<Node> children = stack.get(top).allChildren();
            int i = next.get(top);
            while (i < children.size() && children.get(i).deleted()) {
                i++;
            }
            if (i < children.size()) {
                next.set(top, i + 1);
                Node child = children.get(i);
                v.enter(child, top + 1);
                stack.add(child);
                next.add(0);
            } else {
                v.exit(stack.get(top), top);
                stack.remove(top);
                next.remove(top);
            }
        }
    }
}
