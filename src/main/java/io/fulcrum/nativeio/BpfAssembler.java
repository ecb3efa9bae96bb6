package io.fulcrum.nativeio;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a classic BPF program from instructions and forward labels. A conditional jump holds 8-bit offsets, so
 * a target more than 255 instructions ahead is reached through a {@code ja} (32-bit offset) placed right after
 * the conditional (one for each far target); layout repeats until no jump needs more.
 */
final class BpfAssembler {

    // instruction classes, sizes, modes and operations of struct sock_filter.code
    static final int LD = 0x00;
    static final int LDX = 0x01;
    static final int ST = 0x02;
    static final int ALU = 0x04;
    static final int JMP = 0x05;
    static final int RET = 0x06;
    static final int MISC = 0x07;
    static final int W = 0x00;
    static final int H = 0x08;
    static final int B = 0x10;
    static final int IMM = 0x00;
    static final int ABS = 0x20;
    static final int IND = 0x40;
    static final int MEM = 0x60;
    static final int LEN = 0x80;
    static final int MSH = 0xa0;
    static final int AND = 0x50;
    static final int JA = 0x00;
    static final int JEQ = 0x10;
    static final int JGT = 0x20;
    static final int JGE = 0x30;
    static final int JSET = 0x40;
    static final int K = 0x00;
    static final int X = 0x08;
    static final int RET_A = 0x10;
    /** Ancillary load offsets (SKF_AD_OFF + n): whether the frame's VLAN tag was taken out of band. */
    static final int SKF_AD_VLAN_TAG_PRESENT = -0x1000 + 48;
    /** The kernel's limit on a classic program (BPF_MAXINSNS). */
    static final int MAX_INSTRUCTIONS = 4096;

    /** A forward jump target, placed with {@link #place}. */
    static final class Label {
        private int at = -1;
    }

    private sealed interface Node permits Statement, Conditional, Always, Place {
    }

    private record Statement(int code, int k) implements Node {
    }

    private record Conditional(int code, int k, Label whenTrue, Label whenFalse) implements Node {
    }

    private record Always(Label target) implements Node {
    }

    private record Place(Label label) implements Node {
    }

    private static final int FAR_TRUE = 1;
    private static final int FAR_FALSE = 2;

    private final List<Node> nodes = new ArrayList<>();

    /** Any instruction that does not jump. */
    BpfAssembler op(int code, int k) {
        nodes.add(new Statement(code, k));
        return this;
    }

    /** A conditional jump ({@code JMP | JEQ/JGT/JGE/JSET | K}); a null label is the next instruction. */
    BpfAssembler jump(int code, int k, Label whenTrue, Label whenFalse) {
        nodes.add(new Conditional(code, k, whenTrue, whenFalse));
        return this;
    }

    BpfAssembler ja(Label target) {
        nodes.add(new Always(target));
        return this;
    }

    BpfAssembler place(Label label) {
        nodes.add(new Place(label));
        return this;
    }

    /** The laid-out program. */
    BpfProgram assemble() {
        int[] far = new int[nodes.size()]; // per conditional: FAR_TRUE and/or FAR_FALSE bits
        int length;
        boolean changed;
        do {
            length = layout(far);
            changed = false;
            int pc = 0;
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                if (n instanceof Conditional c) {
                    int next = pc + size(n, far[i]);
                    int wanted = far[i];
                    if (target(c.whenTrue(), next) - (pc + 1) > 255) {
                        wanted |= FAR_TRUE;
                    }
                    if (target(c.whenFalse(), next) - (pc + 1) > 255) {
                        wanted |= FAR_FALSE;
                    }
                    if (wanted != far[i]) {
                        far[i] = wanted;
                        changed = true;
                    }
                }
                pc += size(n, far[i]);
            }
        } while (changed);
        int[] code = new int[length];
        int[] jt = new int[length];
        int[] jf = new int[length];
        int[] k = new int[length];
        int pc = 0;
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            int next = pc + size(n, far[i]);
            switch (n) {
                case Statement s -> {
                    code[pc] = s.code();
                    k[pc] = s.k();
                }
                case Always a -> {
                    code[pc] = JMP | JA;
                    k[pc] = forward(target(a.target(), next), pc + 1);
                }
                case Conditional c -> {
                    code[pc] = c.code();
                    k[pc] = c.k();
                    int t = target(c.whenTrue(), next);
                    int f = target(c.whenFalse(), next);
                    int slot = pc + 1; // the ja instructions of far targets follow in this order: true, false
                    if ((far[i] & FAR_TRUE) != 0) {
                        jt[pc] = slot - (pc + 1);
                        code[slot] = JMP | JA;
                        k[slot] = forward(t, slot + 1);
                        slot++;
                    }
                    if ((far[i] & FAR_FALSE) != 0) {
                        jf[pc] = slot - (pc + 1);
                        code[slot] = JMP | JA;
                        k[slot] = forward(f, slot + 1);
                    }
                    if ((far[i] & FAR_TRUE) == 0) {
                        jt[pc] = forward(t, pc + 1);
                    }
                    if ((far[i] & FAR_FALSE) == 0) {
                        jf[pc] = forward(f, pc + 1);
                    }
                }
                case Place p -> {
                }
            }
            pc = next;
        }
        return new BpfProgram(code, jt, jf, k);
    }

    private int layout(int[] far) {
        int pc = 0;
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) instanceof Place p) {
                p.label().at = pc;
            }
            pc += size(nodes.get(i), far[i]);
        }
        return pc;
    }

    private static int size(Node n, int far) {
        return switch (n) {
            case Place p -> 0;
            case Conditional c -> 1 + Integer.bitCount(far);
            case Statement s -> 1;
            case Always a -> 1;
        };
    }

    private static int target(Label label, int next) {
        if (label == null) {
            return next;
        }
        if (label.at < 0) {
            throw new IllegalStateException("jump to a label never placed");
        }
        return label.at;
    }

    private static int forward(int target, int from) {
        if (target < from) {
            throw new IllegalStateException("classic BPF jumps only forward: " + from + " -> " + target);
        }
        return target - from;
    }
}
