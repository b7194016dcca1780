package dev.nodescope.extract;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One argument of a USDT probe, parsed from a token of the note's argument spec such as
 * {@code -8@-1064(%rbp)}: {@code [-]SIZE@OPERAND}, where a leading {@code -} means signed and the
 * operand is in GNU as AT&amp;T syntax.
 *
 * @param size    the argument width in bytes (1, 2, 4 or 8), or 0 if the token has no valid size
 * @param signed  whether the value is sign-extended when widened to 64 bits
 * @param operand where the value lives, e.g. {@code %rax}, {@code 24(%rcx)}, {@code $0}; the
 *                whole token if it has no valid size
 * @param kind    the addressing form of {@code operand}
 */
public record UsdtArgument(int size, boolean signed, String operand, Kind kind) {

    /** The addressing forms an operand can take. */
    public enum Kind {
        /** A register's value, e.g. {@code %rax}, {@code %r8w}. */
        REGISTER,
        /** Memory at a register plus a constant offset, e.g. {@code -96(%rbp)}, {@code (%rsi)}. */
        REGISTER_DEREF,
        /** An immediate value, e.g. {@code $0}. */
        CONSTANT,
        /** Memory at base + index * scale + offset, e.g. {@code -96(%rbp,%rax,8)}. */
        SIB_DEREF,
        /** Anything else, e.g. a symbol-relative address or a malformed token. */
        UNKNOWN
    }

    private static final Pattern SIZED_TOKEN = Pattern.compile("(-?)([1248])@(.+)");
    private static final Pattern REGISTER = Pattern.compile("%(\\w+)");
    private static final Pattern REGISTER_DEREF = Pattern.compile("(-?\\d+)?\\(%(\\w+)\\)");
    private static final Pattern CONSTANT = Pattern.compile("\\$-?\\d+");
    private static final Pattern SIB_DEREF =
            Pattern.compile("(-?\\d+)?\\((%\\w+)?,%\\w+(,[1248])?\\)");

    /**
     * The register names libbpf 1.1.2 maps to {@code pt_regs} on x86-64 ({@code calc_pt_regs_off}
     * in {@code usdt.c}). Others, such as {@code %xmm0} for a floating-point argument or the
     * high-byte registers {@code %ah}, make libbpf refuse the whole probe.
     */
    private static final Set<String> LIBBPF_REGISTERS = Set.of(
            "rip", "eip",
            "rax", "eax", "ax", "al",
            "rbx", "ebx", "bx", "bl",
            "rcx", "ecx", "cx", "cl",
            "rdx", "edx", "dx", "dl",
            "rsi", "esi", "si", "sil",
            "rdi", "edi", "di", "dil",
            "rbp", "ebp", "bp", "bpl",
            "rsp", "esp", "sp", "spl",
            "r8", "r8d", "r8w", "r8b",
            "r9", "r9d", "r9w", "r9b",
            "r10", "r10d", "r10w", "r10b",
            "r11", "r11d", "r11w", "r11b",
            "r12", "r12d", "r12w", "r12b",
            "r13", "r13d", "r13w", "r13b",
            "r14", "r14d", "r14w", "r14b",
            "r15", "r15d", "r15w", "r15b");

    /**
     * Parses one spec token. A token this reader cannot interpret becomes a {@link Kind#UNKNOWN}
     * argument rather than an error, so that one odd probe does not hide the others in a binary.
     */
    public static UsdtArgument parse(String token) {
        Matcher sized = SIZED_TOKEN.matcher(token);
        if (!sized.matches()) {
            return new UsdtArgument(0, false, token, Kind.UNKNOWN);
        }
        String operand = sized.group(3);
        return new UsdtArgument(Integer.parseInt(sized.group(2)), !sized.group(1).isEmpty(),
                operand, kindOf(operand));
    }

    /** Parses a whole argument spec: space-separated tokens; an empty spec means no arguments. */
    public static List<UsdtArgument> parseAll(String spec) {
        String trimmed = spec.strip();
        if (trimmed.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(trimmed.split("\\s+")).map(UsdtArgument::parse).toList();
    }

    /** The token as it appears in the note, e.g. {@code -8@-1064(%rbp)}. */
    public String spec() {
        if (size == 0) {
            return operand;
        }
        return (signed ? "-" : "") + size + "@" + operand;
    }

    /**
     * Whether libbpf 1.1.2 (Debian 12) can fetch this argument: it understands register, register
     * dereference and constant operands over the general-purpose registers, but not SIB operands
     * (support was only proposed in 2025) nor sizes other than 1, 2, 4 and 8.
     */
    public boolean supportedByLibbpf11() {
        return switch (kind) {
            case CONSTANT -> true;
            case REGISTER -> LIBBPF_REGISTERS.contains(operand.substring(1));
            case REGISTER_DEREF -> {
                Matcher deref = REGISTER_DEREF.matcher(operand);
                yield deref.matches() && LIBBPF_REGISTERS.contains(deref.group(2));
            }
            case SIB_DEREF, UNKNOWN -> false;
        };
    }

    private static Kind kindOf(String operand) {
        if (REGISTER.matcher(operand).matches()) {
            return Kind.REGISTER;
        }
        if (REGISTER_DEREF.matcher(operand).matches()) {
            return Kind.REGISTER_DEREF;
        }
        if (CONSTANT.matcher(operand).matches()) {
            return Kind.CONSTANT;
        }
        if (SIB_DEREF.matcher(operand).matches()) {
            return Kind.SIB_DEREF;
        }
        return Kind.UNKNOWN;
    }
}
