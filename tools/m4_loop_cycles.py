#!/usr/bin/env python3
"""Estimate Cortex-M4 cycles of a function's innermost loop from its instruction mix.

Usage: tools/m4_loop_cycles.py <elf> <demangled-symbol-substring> [objdump]

Reads `objdump -d -C`, takes the first backward conditional branch in the function as the
loop (from its target to the branch, inclusive) and sums a per-instruction cost from the
Cortex-M4 TRM (r0p1, tables 3-1 and 7-1): integer ALU, IT, VMOV, VADD/VSUB/VMUL/VABS/VNEG/
VCMP/VCVT 1; LDR/STR/VLDR/VSTR 2; VLDM/VSTM/LDM/STM 1 + registers; VFMA/VFMS/VMLA/VMLS/VNMLA/
VNMLS 3; VDIV and VSQRT 14; a taken branch 3 (1 + a refill of 2). It is an estimate: no
result-latency stalls, no flash wait states, no IT folding (IT counted as 1), and a divide
is counted as blocking (the FPU's VDIV/VSQRT do overlap with integer instructions on the M4,
which this ignores). Prints the instruction count and the estimated cycles per iteration.

Superseded by tools/cortex_m_cycles.py (M4 and M7 models, every loop of a function, and
whole calls from a QEMU trace); kept because docs cite its numbers.
"""
import re
import subprocess
import sys

COST = {
    "vdiv": 14, "vsqrt": 14,
    "vfma": 3, "vfms": 3, "vfnma": 3, "vfnms": 3, "vmla": 3, "vmls": 3, "vnmla": 3, "vnmls": 3,
    "ldr": 2, "str": 2, "vldr": 2, "vstr": 2, "ldrh": 2, "ldrb": 2, "strh": 2, "strb": 2,
}


def cost(mnemonic, operands):
    base = mnemonic.split(".")[0]
    for suffix in ("eq", "ne", "lt", "ge", "gt", "le", "hi", "ls", "cc", "cs", "mi", "pl"):
        if base.endswith(suffix) and base[:-2] in ("vneg", "mov", "vmov", "add", "sub"):
            base = base[:-2]
    if base in ("vldmia", "vstmia", "vldmdb", "vstmdb", "ldmia", "stmia", "ldm", "stm", "vpush", "vpop", "push", "pop"):
        regs = re.search(r"\{([^}]*)\}", operands)
        n = 0
        if regs:
            for part in regs.group(1).split(","):
                part = part.strip()
                m = re.match(r"([a-z]+)(\d+)-[a-z]+(\d+)", part)
                n += int(m.group(3)) - int(m.group(2)) + 1 if m else 1
        return 1 + n
    if base in COST:
        return COST[base]
    if re.match(r"b(eq|ne|lt|ge|gt|le|hi|ls|cc|cs|mi|pl)?(\.n|\.w)?$", mnemonic) or mnemonic.startswith("cbz") or mnemonic.startswith("cbnz"):
        return 3
    return 1


def main():
    elf, symbol = sys.argv[1], sys.argv[2]
    objdump = sys.argv[3] if len(sys.argv) > 3 else "arm-none-eabi-objdump"
    text = subprocess.run([objdump, "-d", "-C", elf], capture_output=True, text=True, check=True).stdout
    body, inside = [], False
    for line in text.splitlines():
        if re.match(r"^[0-9a-f]+ <.*>:$", line):
            inside = symbol in line
            continue
        if inside:
            m = re.match(r"^\s*([0-9a-f]+):\s+(?:[0-9a-f]{4}\s?){1,2}\s+(\S+)\s*(.*)$", line)
            if m:
                body.append((int(m.group(1), 16), m.group(2), m.group(3)))
    for addr, mn, ops in body:
        t = re.match(r"([0-9a-f]+)\s", ops)
        if mn.startswith("b") and mn not in ("bic", "bics", "bfi", "bfc") and t and int(t.group(1), 16) < addr:
            loop = [(a, m, o) for a, m, o in body if int(t.group(1), 16) <= a <= addr]
            cycles = sum(cost(m, o) for _, m, o in loop)
            mix = {}
            for _, m, _ in loop:
                mix[m.split(".")[0]] = mix.get(m.split(".")[0], 0) + 1
            print(f"{symbol}: {len(loop)} instructions, ~{cycles} M4 cycles per iteration")
            print("  mix: " + ", ".join(f"{k} {v}" for k, v in sorted(mix.items())))
            return
    sys.exit(f"no loop found in {symbol}")


if __name__ == "__main__":
    main()
