package io.fulcrum.nativeio;

import static io.fulcrum.nativeio.BpfAssembler.ABS;
import static io.fulcrum.nativeio.BpfAssembler.B;
import static io.fulcrum.nativeio.BpfAssembler.H;
import static io.fulcrum.nativeio.BpfAssembler.IMM;
import static io.fulcrum.nativeio.BpfAssembler.IND;
import static io.fulcrum.nativeio.BpfAssembler.LEN;
import static io.fulcrum.nativeio.BpfAssembler.MEM;
import static io.fulcrum.nativeio.BpfAssembler.MSH;
import static io.fulcrum.nativeio.BpfAssembler.W;

/**
 * Runs a classic BPF program on a frame in Java, with the kernel's semantics: a load outside the frame ends the
 * program with 0 (drop); registers are unsigned 32-bit. The frame is taken as received with its VLAN tag in band,
 * so the ancillary "VLAN tag present" load reads 0. Covers loads, stores, AND/OR/ADD/SUB/shifts, every jump, TAX,
 * TXA and both returns: what {@link BpfProgram} emits and a little more.
 */
final class BpfInterpreter {

    private BpfInterpreter() {
    }

    static int run(int[] code, int[] jt, int[] jf, int[] k, byte[] frame) {
        int a = 0;
        int x = 0;
        int[] memory = new int[16];
        int pc = 0;
        while (pc < code.length) {
            int op = code[pc];
            int kk = k[pc];
            int next = pc + 1;
            switch (op & 0x07) {
                case BpfAssembler.LD -> {
                    long value = load(op, kk, x, frame, memory);
                    if (value < 0) {
                        return 0;
                    }
                    a = (int) value;
                }
                case BpfAssembler.LDX -> {
                    int mode = op & 0xe0;
                    if (mode == MSH) {
                        if (kk < 0 || kk >= frame.length) {
                            return 0;
                        }
                        x = 4 * (frame[kk] & 0x0f);
                    } else if (mode == IMM) {
                        x = kk;
                    } else if (mode == MEM) {
                        x = memory[kk & 15];
                    } else if (mode == LEN) {
                        x = frame.length;
                    } else {
                        throw unsupported(op);
                    }
                }
                case BpfAssembler.ST -> memory[kk & 15] = a;
                case 0x03 -> memory[kk & 15] = x; // STX
                case BpfAssembler.ALU -> a = alu(op, a, (op & BpfAssembler.X) != 0 ? x : kk);
                case BpfAssembler.JMP -> {
                    int operand = (op & BpfAssembler.X) != 0 ? x : kk;
                    next += switch (op & 0xf0) {
                        case BpfAssembler.JA -> kk;
                        case BpfAssembler.JEQ -> a == operand ? jt[pc] : jf[pc];
                        case BpfAssembler.JGT -> Integer.compareUnsigned(a, operand) > 0 ? jt[pc] : jf[pc];
                        case BpfAssembler.JGE -> Integer.compareUnsigned(a, operand) >= 0 ? jt[pc] : jf[pc];
                        case BpfAssembler.JSET -> (a & operand) != 0 ? jt[pc] : jf[pc];
                        default -> throw unsupported(op);
                    };
                }
                case BpfAssembler.RET -> {
                    return (op & 0x18) == BpfAssembler.RET_A ? a : kk;
                }
                case BpfAssembler.MISC -> {
                    if ((op & 0xf8) == 0) {
                        x = a; // TAX
                    } else {
                        a = x; // TXA
                    }
                }
                default -> throw unsupported(op);
            }
            pc = next;
        }
        return 0;
    }

    /** The loaded value, or -1 when it lies outside the frame. */
    private static long load(int op, int k, int x, byte[] frame, int[] memory) {
        int mode = op & 0xe0;
        if (mode == IMM) {
            return k & 0xffffffffL;
        }
        if (mode == MEM) {
            return memory[k & 15] & 0xffffffffL;
        }
        if (mode == LEN) {
            return frame.length;
        }
        long offset;
        if (mode == ABS) {
            if (k == BpfAssembler.SKF_AD_VLAN_TAG_PRESENT) {
                return 0;
            }
            offset = k;
        } else if (mode == IND) {
            offset = (x & 0xffffffffL) + k;
        } else {
            throw unsupported(op);
        }
        int size = switch (op & 0x18) {
            case W -> 4;
            case H -> 2;
            case B -> 1;
            default -> throw unsupported(op);
        };
        if (offset < 0 || offset + size > frame.length) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = (value << 8) | (frame[(int) offset + i] & 0xff);
        }
        return value;
    }

    private static int alu(int op, int a, int operand) {
        return switch (op & 0xf0) {
            case 0x00 -> a + operand;
            case 0x10 -> a - operand;
            case 0x40 -> a | operand;
            case BpfAssembler.AND -> a & operand;
            case 0x60 -> a << operand;
            case 0x70 -> a >>> operand;
            default -> throw unsupported(op);
        };
    }

    private static IllegalStateException unsupported(int op) {
        return new IllegalStateException("instruction 0x" + Integer.toHexString(op) + " not interpreted");
    }
}
