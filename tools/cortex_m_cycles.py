#!/usr/bin/env python3
"""Estimate Cortex-M4 and Cortex-M7 cycles of code, from its disassembly or a QEMU trace.

An ESTIMATE, not a measurement: QEMU counts instructions, not cycles, and no board was
at hand. The numbers say which kernel form should be faster on which core and by about how
much; the DWT counter of a real board (ports/cortex-m: cortexm/cycle_counter.hpp) is the
measurement that replaces them.

Usage
  cortex_m_cycles.py static <elf> <symbol-substring> [--core m4|m7|both]
      each loop of the function (backward branch to its target) and the function's
      straight-line total (every instruction once), per core model.
  cortex_m_cycles.py trace <elf> --machine mps2-an386 [--core ...] [--case SYM ...] [--json]
      runs the image under QEMU (-icount shift=10,align=off -d in_asm,exec,nochain), takes
      the translated blocks (in_asm) and every executed block (exec) and, for each call of a
      case function (entered from the bench harness's measure_raw), sums the executed
      instructions weighted by the model, callees included; prints the last call's
      instructions and cycles per case (the last call is the measured, warm one).
  cortex_m_cycles.py selftest
      the models on hand-written instruction streams whose cycles follow from the tables.

Cortex-M4 model (ARM DDI 0439B, Cortex-M4 TRM r0p1: table 3-1 "Cortex-M4 instruction set
summary" and table 7-1 "FPU instruction set"), a sum of issue costs in program order:
  integer data processing, MUL/MLA, IT, VMOV (one register), VMRS, VADD/VSUB/VMUL/VNMUL,
  VABS/VNEG/VCMP/VCVT/VSEL-like moves                                    1
  VMOV of two core registers to/from two singles or a double            2
  VFMA/VFMS/VFNMA/VFNMS/VMLA/VMLS/VNMLA/VNMLS                            3
  VDIV, VSQRT                                                           14
  LDR/STR/VLDR/VSTR (any width)                                          2, but 1 when it
      directly follows another single load/store ("neighbouring load and store single
      instructions can pipeline their address and data phases", TRM 3.3.2)
  LDM/STM/PUSH/POP/VLDM/VSTM/VPUSH/VPOP of n registers                    1 + n
  SDIV/UDIV                                                              2..12: counted 7
  branch taken                                                           1 + P, P = 2
      (pipeline refill 1..3; a POP or LDR into pc also pays P); not taken 1
Assumed/ignored on the M4: no flash wait states (code and tables in zero-wait memory), no
stalls for result latency (the FPU forwards; an LDR result feeding the next address is
not modelled), IT never folded, VDIV/VSQRT counted as blocking (integer instructions can
overlap them on silicon), interrupts none.

Cortex-M7 model (public information only; Arm publishes no cycle table for the M7): an
in-order dual-issue pipeline simulated instruction by instruction. Sources: the Cortex-M7
TRM (ARM DDI 0489) for dual issue and the 64-bit load/store path; LLVM's
ARMScheduleM7.td (issue width 2, FP pipeline latency 3, single-precision FP multiply-
accumulate latency 6, divide/sqrt 14+); Arm community answers that VFMA/VMLA does not
dual-issue with a VLDR; the measurements at quinapalus.com/cm7cycles.html. Rules assumed:
  two instructions may issue in one cycle, in order, when they are not both memory
  accesses, not both floating-point data processing, not a VFMA/VMLA with an FP load or
  store, and the younger does not read the older's result (no same-cycle forwarding);
  LDM/STM/VLDM/VSTM of n words take ceil(n / 2) cycles on the 64-bit path and issue alone;
  result latencies: integer ALU 1, load 2, FP add/mul/convert 3, FP MAC 6 on the product
  inputs (the accumulator is read late: 3), VDIV/VSQRT 14 (and block the FP pipe);
  branches: taken 1 extra cycle (predicted), returns/calls via pc load 2 extra;
  no cache misses (TCM), no flash.
Both models count the instruction stream exactly (the trace is QEMU's) and model the time
of each instruction; their error is in the tables and rules above, not in the counts.
"""
import argparse
import bisect
import json
import math
import os
import re
import subprocess
import sys
import tempfile

CONDS = ("eq", "ne", "cs", "cc", "hs", "lo", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "al")


def base_mnemonic(mn):
    """The mnemonic without width (.w/.n), data type (.f32) and condition suffixes."""
    b = mn.lower().split(".")[0]
    for c in CONDS:
        if len(b) > 2 and b.endswith(c):
            stem = b[: -len(c)]
            if stem in KNOWN_STEMS:
                return stem
    if b.endswith("s") and b[:-1] in FLAG_SETTING:
        return b[:-1]
    return b


FLAG_SETTING = {"add", "sub", "adc", "sbc", "rsb", "mov", "mvn", "and", "orr", "eor", "bic", "lsl", "lsr", "asr", "ror", "mul", "orn"}
KNOWN_STEMS = {"b", "bx", "mov", "add", "sub", "vmov", "vneg", "ldr", "str", "vsel", "mvn", "orr", "and", "eor", "it",
               "vadd", "vmul", "vsub", "vabs", "vfma", "vmrs", "cmp", "cmn", "tst", "neg", "rsb", "lsl", "lsr", "asr",
               "ldrb", "ldrh", "strb", "strh", "ldrd", "strd", "vldr", "vstr", "pop", "push", "bl", "blx", "cbz", "cbnz"}

MULTI = {"ldm", "ldmia", "ldmfd", "ldmdb", "stm", "stmia", "stmea", "stmdb", "stmfd", "push", "pop",
         "vldm", "vldmia", "vldmdb", "vstm", "vstmia", "vstmdb", "vpush", "vpop"}
LOADS = {"ldr", "ldrb", "ldrh", "ldrsb", "ldrsh", "ldrd", "vldr", "ldrex", "ldrt"}
STORES = {"str", "strb", "strh", "strd", "vstr", "strex"}
FP_MAC = {"vfma", "vfms", "vfnma", "vfnms", "vmla", "vmls", "vnmla", "vnmls"}
FP_DIV = {"vdiv", "vsqrt"}
FP_ALU = {"vadd", "vsub", "vmul", "vnmul", "vabs", "vneg", "vcmp", "vcmpe", "vcvt", "vcvtr", "vcvta", "vcvtn",
          "vcvtp", "vcvtm", "vrinta", "vrintn", "vrintp", "vrintm", "vrintz", "vrintr", "vrintx", "vsel", "vmaxnm",
          "vminnm", "vmov", "vmrs", "vmsr"}
BRANCH = {"b", "bl", "blx", "bx", "cbz", "cbnz", "tbb", "tbh"}
DIV = {"sdiv", "udiv"}

REG = re.compile(r"\b(r1[0-5]|r[0-9]|sp|lr|pc|ip|fp|sl|sb|s[0-9]{1,2}|d[0-9]{1,2})\b")
ALIAS = {"ip": "r12", "fp": "r11", "sl": "r10", "sb": "r9"}


def reglist(operands):
    """Registers of a {...} list, ranges expanded."""
    m = re.search(r"\{([^}]*)\}", operands)
    out = []
    if not m:
        return out
    for part in m.group(1).split(","):
        part = part.strip()
        r = re.match(r"([a-z]+)(\d+)\s*-\s*[a-z]+(\d+)$", part)
        if r:
            out += [f"{r.group(1)}{k}" for k in range(int(r.group(2)), int(r.group(3)) + 1)]
        elif part:
            out.append(ALIAS.get(part, part))
    return out


class Insn:
    __slots__ = ("addr", "size", "mn", "ops", "base", "kind", "nregs", "dst", "src", "target", "writes_pc")

    def __init__(self, addr, size, mn, ops):
        self.addr, self.size, self.mn, self.ops = addr, size, mn.lower(), ops.split(";")[0].split("@")[0].strip()
        self.base = base_mnemonic(self.mn)
        b = self.base
        regs = [ALIAS.get(r, r) for r in REG.findall(self.ops.split("<")[0])]
        self.nregs = 0
        self.target = None
        t = re.match(r"^(?:[a-z0-9]+,\s*)?([0-9a-f]+)(?:\s|$)", self.ops)
        if b in BRANCH and t:
            self.target = int(t.group(1), 16)
        if b in MULTI:
            lst = reglist(self.ops)
            self.nregs = len(lst)
            basereg = [] if b in ("push", "pop", "vpush", "vpop") else regs[:1]
            wb = "!" in self.ops.split("{")[0] or b in ("push", "pop", "vpush", "vpop")
            if b in ("ldm", "ldmia", "ldmfd", "ldmdb", "pop", "vldm", "vldmia", "vldmdb", "vpop"):
                self.kind, self.dst, self.src = "loadm", lst + (basereg if wb else []), basereg
            else:
                self.kind, self.dst, self.src = "storem", (basereg if wb else []), lst + basereg
        elif b in LOADS:
            self.kind = "load"
            n = 2 if b == "ldrd" else 1
            self.dst, self.src = regs[:n], regs[n:]
            if "!" in self.ops or re.search(r"\],\s*#", self.ops):
                self.dst = self.dst + regs[n:n + 1]
            if b == "vldr" and regs[:1] and regs[0].startswith("d"):
                self.nregs = 2
        elif b in STORES:
            self.kind = "store"
            self.dst, self.src = [], regs
        elif b in FP_MAC:
            self.kind, self.dst, self.src = "fmac", regs[:1], regs  # the accumulator is read too
        elif b in FP_DIV:
            self.kind, self.dst, self.src = "fdiv", regs[:1], regs[1:]
        elif b in FP_ALU:
            self.kind = "falu"
            if b in ("vcmp", "vcmpe", "vmsr"):
                self.dst, self.src = ["fpscr"], regs
            elif b == "vmrs":
                self.dst, self.src = (["apsr"] if "apsr" in self.ops.lower() else regs[:1]), ["fpscr"]
            elif b == "vmov":
                core = [r for r in regs if r.startswith("r") or r in ("sp", "lr")]
                fp = [r for r in regs if r not in core]
                self.nregs = len(regs) - 1 if len(regs) >= 4 or (core and any(r.startswith("d") for r in fp)) else 1
                if core and fp:
                    self.kind = "vmov_core"  # a transfer between the core and FP registers
                if len(regs) >= 4:  # vmov s0, s1, r2, r3 (or the reverse)
                    self.dst, self.src = regs[:2], regs[2:]
                else:
                    self.dst, self.src = regs[:1], regs[1:]
            else:
                self.dst, self.src = regs[:1], regs[1:]
        elif b in BRANCH:
            self.kind = "branch"
            self.dst, self.src = (["lr"] if b in ("bl", "blx") else []), regs
        elif b in DIV:
            self.kind, self.dst, self.src = "div", regs[:1], regs[1:]
        elif b in ("mul", "mla", "mls", "smull", "umull", "smlal", "umlal", "smmul", "smmla", "smlabb", "smuad", "smlad"):
            self.kind = "mul"
            nd = 2 if b in ("smull", "umull", "smlal", "umlal") else 1
            self.dst, self.src = regs[:nd], regs[nd:] + (regs[:nd] if b in ("smlal", "umlal") else [])
        elif b in ("cmp", "cmn", "tst", "teq"):
            self.kind, self.dst, self.src = "alu", ["apsr"], regs
        elif b == "it" or b.startswith("it"):
            self.kind, self.dst, self.src = "it", [], ["apsr"]
        else:
            self.kind, self.dst, self.src = "alu", regs[:1], regs[1:] if len(regs) > 1 else []
        self.writes_pc = "pc" in self.dst or (self.kind == "loadm" and "pc" in reglist(self.ops)) or (
            b == "bx") or (b in ("mov", "add") and regs[:1] == ["pc"])
        if self.mn.endswith("s") and self.kind == "alu" and b in FLAG_SETTING:
            self.dst = self.dst + ["apsr"]

    def is_branchlike(self):
        return self.kind == "branch" or self.writes_pc


# ---------------------------------------------------------------------------- Cortex-M4
M4_REFILL = 2


def m4_cost(insn, prev, taken):
    """Issue cycles of one instruction on the M4 (TRM tables 3-1, 7-1), given the previous
    instruction (load pipelining) and whether a branch was taken."""
    k, b = insn.kind, insn.base
    if k in ("loadm", "storem"):
        c = 1 + insn.nregs
    elif k in ("load", "store"):
        c = 1 if prev is not None and prev.kind in ("load", "store") else 2
        if b in ("ldrd", "strd"):
            c += 1
    elif k == "fmac":
        c = 3
    elif k == "fdiv":
        c = 14
    elif k == "div":
        c = 7
    elif k == "vmov_core" and insn.nregs >= 2:
        c = 2
    else:
        c = 1
    if taken and (insn.is_branchlike()):
        c += M4_REFILL
    return c


def m4_cycles(stream):
    """stream: list of (Insn, taken)."""
    total, prev = 0, None
    for insn, taken in stream:
        total += m4_cost(insn, prev, taken)
        prev = insn
    return total


# ---------------------------------------------------------------------------- Cortex-M7
def m7_latency(insn):
    k = insn.kind
    if k in ("load", "loadm"):
        return 2
    if k in ("falu", "vmov_core"):
        return 3 if insn.base not in ("vmov",) or k == "vmov_core" else 1
    if k == "fmac":
        return 3  # to a following MAC's accumulator (read late); 6 to a multiplicand, below
    if k == "fdiv":
        return 14
    if k == "mul":
        return 2
    if k == "div":
        return 7
    return 1


class M7:
    """In-order dual-issue scoreboard (rules in the module docstring)."""

    def __init__(self):
        self.cycle = 0          # the cycle the next instruction may issue in
        self.slot_used = None   # the instruction issued in `cycle` (first slot), or None
        self.ready = {}         # register -> first cycle its value can be read
        self.fp_busy_until = 0  # VDIV/VSQRT hold the FP pipe

    def ready_at(self, insn):
        t = 0
        for r in insn.src:
            rt = self.ready.get(r, 0)
            if insn.kind == "fmac" and r == (insn.dst[0] if insn.dst else None):
                pass  # accumulator: producer latencies already count from issue
            t = max(t, rt)
        return t

    def can_pair(self, older, younger):
        mem = ("load", "store", "loadm", "storem")
        fp = ("falu", "fmac", "fdiv")
        if older.kind in ("loadm", "storem") or younger.kind in ("loadm", "storem"):
            return False
        if older.kind in mem and younger.kind in mem:
            return False
        if older.kind in fp and younger.kind in fp:
            return False
        fpmem = lambda i: i.kind in ("load", "store") and i.base in ("vldr", "vstr")
        if (older.kind == "fmac" and fpmem(younger)) or (younger.kind == "fmac" and fpmem(older)):
            return False
        if older.kind == "vmov_core" and younger.kind in fp + ("vmov_core",):
            return False
        if set(older.dst) & set(younger.src):
            return False
        if older.is_branchlike():
            return False
        return True

    def issue(self, insn, taken):
        earliest = max(self.ready_at(insn), self.fp_busy_until if insn.kind in ("falu", "fmac", "fdiv") else 0)
        if self.slot_used is not None and earliest <= self.cycle and self.can_pair(self.slot_used, insn):
            start = self.cycle
            self.slot_used = None  # both slots of this cycle used
            next_cycle = self.cycle + 1
        else:
            start = max(earliest, self.cycle + (1 if self.slot_used is not None else 0))
            self.slot_used = insn
            next_cycle = start
        occupy = 1
        if insn.kind in ("loadm", "storem"):
            occupy = max(1, math.ceil(insn.nregs / 2))
        elif insn.kind == "div":
            occupy = 4
        if occupy > 1:
            self.slot_used = None
            next_cycle = start + occupy
        lat = m7_latency(insn)
        for r in insn.dst:
            self.ready[r] = start + (occupy - 1 if insn.kind == "loadm" else 0) + lat
        if insn.kind == "fdiv":
            self.fp_busy_until = start + 14
        if taken and insn.is_branchlike():
            extra = 2 if insn.writes_pc else 1
            self.slot_used = None
            next_cycle = start + 1 + extra
        self.cycle = max(self.cycle, next_cycle)
        return start

    def total(self):
        return self.cycle + (1 if self.slot_used is not None else 0)


def m7_cycles(stream):
    m = M7()
    for insn, taken in stream:
        m.issue(insn, taken)
    return m.total()


MODELS = {"m4": m4_cycles, "m7": m7_cycles}


# ---------------------------------------------------------------------------- parsing
LINE = re.compile(r"^\s*([0-9a-f]+):\s+((?:[0-9a-f]{4}\s?){1,2})\s+(\S+)\s*(.*)$")


def objdump_functions(elf, objdump):
    text = subprocess.run([objdump, "-d", "-C", elf],
                          capture_output=True, text=True, check=True).stdout
    funcs, name = {}, None
    for line in text.splitlines():
        h = re.match(r"^([0-9a-f]+) <(.*)>:$", line)
        if h:
            name = h.group(2)
            funcs[name] = []
            continue
        m = LINE.match(line) if name else None
        if m and not m.group(3).startswith("."):
            raw = m.group(2).split()
            size = 2 * len(raw) if all(len(x) == 4 for x in raw) else 4
            funcs[name].append(Insn(int(m.group(1), 16), size, m.group(3), m.group(4)))
    return funcs


def static_report(elf, symbol, cores, objdump):
    funcs = objdump_functions(elf, objdump)
    names = [n for n in funcs if symbol in n]
    if not names:
        sys.exit(f"no function matching {symbol!r}")
    for name in names:
        body = funcs[name]
        print(f"{name}: {len(body)} instructions")
        line = "  straight-line (each once, branches not taken):"
        for c in cores:
            line += f" {c} ~{MODELS[c]([(i, False) for i in body])}"
        print(line)
        for i, insn in enumerate(body):
            if insn.kind == "branch" and insn.target is not None and insn.target <= insn.addr and insn.base != "bl":
                loop = [x for x in body if insn.target <= x.addr <= insn.addr]
                # Steady state: the loop body twice, minus once (pipeline state carried over).
                out = f"  loop {insn.target:#x}..{insn.addr:#x}: {len(loop)} instructions/iteration"
                for c in cores:
                    one = [(x, x is insn) for x in loop]
                    cyc = MODELS[c](one * 3) - MODELS[c](one * 2)
                    out += f", {c} ~{cyc} cycles"
                mix = {}
                for x in loop:
                    mix[x.base] = mix.get(x.base, 0) + 1
                print(out)
                print("    mix: " + ", ".join(f"{k} {v}" for k, v in sorted(mix.items())))


# ---------------------------------------------------------------------------- trace
def symbol_table(elf, nm):
    out = subprocess.run([nm, "-C", "-n", "-S", elf], capture_output=True, text=True, check=True).stdout
    syms = []
    for line in out.splitlines():
        p = line.split(None, 3)
        if len(p) == 4 and p[2].lower() in ("t", "w"):
            syms.append((int(p[0], 16) & ~1, int(p[1], 16), p[3]))
    syms.sort()
    return syms


def parse_trace(path):
    """The executed blocks in order, each as its instruction list, from a QEMU log written
    with -d in_asm,exec,nochain. A block is known by its translation (the host code pointer
    of the "Trace" line), not its guest pc: under -icount QEMU may translate the same pc
    again with fewer instructions (an instruction budget that ends mid-block), so the
    in_asm listing just before a translation's first execution is the one it runs. A block
    logged and then left at its start ("Stopped execution of TB chain before <ptr>": the
    instruction budget ran out before it ran) did not execute and is dropped."""
    by_ptr, order = {}, []
    cur, pending = None, None
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("Trace "):
                m = re.match(r"Trace \d+: (0x[0-9a-f]+) \[[0-9a-f]+/([0-9a-f]+)/", line)
                if m:
                    ptr = m.group(1)
                    if pending is not None:
                        by_ptr[ptr] = pending
                        pending = None
                    order.append((int(m.group(2), 16), by_ptr.get(ptr, []), ptr))
                cur = None
                continue
            if line.startswith("Stopped execution of TB chain before "):
                ptr = line.split()[6]
                if order and order[-1][2] == ptr:
                    order.pop()
                cur = None
                continue
            if line.startswith("IN:"):
                cur = []
                pending = cur
                continue
            if cur is not None:
                m = re.match(r"^0x([0-9a-f]+):\s+([0-9a-f]{4}(?:\s?[0-9a-f]{4})?)\s+(\S+)\s*(.*)$", line)
                if m:
                    raw = m.group(2).replace(" ", "")
                    cur.append(Insn(int(m.group(1), 16), len(raw) // 2, m.group(3), m.group(4)))
                elif not line.strip():
                    cur = None
    return order


def trace_cases(elf, machine, cases, cores, nm, keep_log=None, timeout=600):
    syms = symbol_table(elf, nm)
    starts = [s[0] for s in syms]

    def owner(addr):
        i = bisect.bisect_right(starts, addr) - 1
        return syms[i][2] if i >= 0 and addr < syms[i][0] + max(syms[i][1], 2) else None

    log = keep_log or tempfile.mktemp(prefix="cmcycles_", suffix=".log")
    cmd = ["qemu-system-arm", "-M", machine, "-nographic", "-monitor", "none", "-semihosting-config",
           "enable=on,target=native", "-icount", "shift=10,align=off", "-d", "in_asm,exec,nochain", "-D", log,
           "-kernel", elf]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    order = parse_trace(log)
    if not keep_log:
        os.unlink(log)
    case_addr = {}
    for a, _, name in syms:
        for c in cases:
            if re.search(c, name):
                case_addr[a] = name
    results = {}
    i = 0
    while i < len(order):
        pc = order[i][0]
        if pc in case_addr:
            caller = owner(order[i - 1][0]) if i > 0 else None
            stream = []
            j = i
            while j < len(order) and (j == i or owner(order[j][0]) != caller):
                blk = order[j][1]
                nxt = order[j + 1][0] if j + 1 < len(order) else None
                for k, insn in enumerate(blk):
                    last = k == len(blk) - 1
                    taken = last and nxt is not None and nxt != insn.addr + insn.size
                    stream.append((insn, taken))
                j += 1
            res = {"instructions": len(stream)}
            for c in cores:
                res[c] = MODELS[c](stream)
            results.setdefault(case_addr[pc], []).append(res)
            i = j
        else:
            i += 1
    return run.stdout, results


# ---------------------------------------------------------------------------- selftest
def selftest():
    """Hand-computed cycles for small streams (the tables in the docstring)."""
    def s(lines):
        return [(Insn(4 * k, 4, *(l.split(None, 1) + [""])[:2]), False) for k, l in enumerate(lines)]
    ok = True

    def check(name, got, want):
        nonlocal ok
        flag = "ok" if got == want else "FAIL"
        ok = ok and got == want
        print(f"{flag:4} {name}: {got} (expected {want})")

    # M4: VLDM of 8 = 9; 8 VFMA = 24; 8 VMUL + 8 VADD = 16.
    check("m4 vldm8", m4_cycles(s(["vldmia r0!, {s16-s23}"])), 9)
    check("m4 8 vfma", m4_cycles(s([f"vfma.f32 s{k}, s{16 + k}, s{24 + k}" for k in range(8)])), 24)
    check("m4 vmul+vadd", m4_cycles(s(["vmul.f32 s24, s24, s16", "vadd.f32 s0, s0, s24"] * 8)), 16)
    # M4: three neighbouring LDRs pipeline: 2 + 1 + 1; VDIV 14.
    check("m4 ldr x3", m4_cycles(s(["ldr r1, [r0, #0]", "ldr r2, [r0, #4]", "ldr r3, [r0, #8]"])), 4)
    check("m4 vdiv", m4_cycles(s(["vdiv.f32 s0, s1, s2"])), 14)
    # M7: two independent integer adds dual-issue (1 cycle); a dependent pair does not (2).
    check("m7 add||add", m7_cycles(s(["add r0, r1, r2", "add r3, r4, r5"])), 1)
    check("m7 add->add", m7_cycles(s(["add r0, r1, r2", "add r3, r0, r5"])), 2)
    # M7: VLDM of 8 singles = 4 cycles on the 64-bit path; a VFMA chain on one accumulator
    # waits 3 cycles per link; independent VFMAs issue one per cycle (one FP op a cycle).
    check("m7 vldm8", m7_cycles(s(["vldmia r0!, {s16-s23}"])), 4)
    check("m7 8 vfma indep", m7_cycles(s([f"vfma.f32 s{k}, s{16 + k}, s{24 + k}" for k in range(8)])), 8)
    check("m7 vfma chain", m7_cycles(s(["vfma.f32 s0, s16, s24"] * 3)), 7)
    # M7: an integer op pairs with an FP op.
    check("m7 vadd||add", m7_cycles(s(["vadd.f32 s0, s1, s2", "add r0, r1, r2"])), 1)
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("static")
    a.add_argument("elf")
    a.add_argument("symbol")
    a.add_argument("--core", default="both", choices=["m4", "m7", "both"])
    a.add_argument("--objdump", default="arm-none-eabi-objdump")
    t = sub.add_parser("trace")
    t.add_argument("elf")
    t.add_argument("--machine", default="mps2-an386")
    t.add_argument("--core", default="both", choices=["m4", "m7", "both"])
    t.add_argument("--case", action="append", default=[], help="regex of case function names")
    t.add_argument("--nm", default="arm-none-eabi-nm")
    t.add_argument("--keep-log")
    t.add_argument("--json", action="store_true")
    t.add_argument("--verify-icount", action="store_true",
                   help="check each case's traced instructions against the image's own -icount line "
                        "(bench_cycles: {\"bench\": name, \"n\"/\"f\": size, \"instructions\": ...}); "
                        "the image subtracts a call of an empty function (one bx lr), so traced = printed + 1")
    sub.add_parser("selftest")
    args = ap.parse_args()
    if args.cmd == "selftest":
        sys.exit(0 if selftest() else 1)
    cores = ["m4", "m7"] if args.core == "both" else [args.core]
    if args.cmd == "static":
        static_report(args.elf, args.symbol, cores, args.objdump)
        return
    out, res = trace_cases(args.elf, args.machine, args.case or [r"::run_case_"], cores, args.nm, args.keep_log)
    if args.verify_icount:
        printed = {}
        for line in out.splitlines():
            if line.startswith("{") and '"bench"' in line and '"instructions"' in line:
                d = json.loads(line)
                printed[(d["bench"], d.get("n", d.get("f")))] = d["instructions"]
        bad, checked = 0, 0
        for name, calls in res.items():
            m = re.search(r"CycleCase<(\d+)>::(\w+)\(", name)
            if not m or (m.group(2), int(m.group(1))) not in printed:
                continue
            want = printed[(m.group(2), int(m.group(1)))] + 1
            checked += 1
            if calls[-1]["instructions"] != want:
                bad += 1
                print(f"MISMATCH {name}: traced {calls[-1]['instructions']}, printed + 1 = {want}")
        print(f"verify-icount: {checked} cases checked, {bad} mismatches")
        if bad or checked == 0:
            sys.exit(1)
        return
    for name, calls in res.items():
        last = calls[-1]
        if args.json:
            print(json.dumps({"case": name, "calls": len(calls), **last}))
        else:
            est = ", ".join(f"{c} ~{last[c]} cycles" for c in cores)
            print(f"{name}: {last['instructions']} instructions, {est} (last of {len(calls)} calls)")


if __name__ == "__main__":
    main()
