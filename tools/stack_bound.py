#!/usr/bin/env python3
"""Worst-case stack of a firmware image's entry points, from the call graph, checked
against the painted-stack depth the image measures and against committed budgets.

The bound of a function is its own frame plus the largest bound among its callees:
  - the image's own code: the frame from GCC's -fstack-usage, the calls from
    -fcallgraph-info=su (the .ci files next to the objects), plus every direct call the
    disassembly shows (calls the compiler emits late, memcpy say, are not in the .ci);
  - library code without those files (libgcc's soft-float, newlib's libm and memcpy): the
    frame from its disassembly (every push, vpush, stmdb and sub sp in its body, added up:
    an upper bound) and its calls from the disassembly.
Recursion, an indirect call, a dynamic frame or a function found nowhere on an entry's
path is an error: the bound would not be a bound.

With --run the image is run (the command gets the ELF appended) and its JSON lines
({"worst_case": name, "stack_painted": ..., "instructions_*": ...}) are checked: the
painted depth must not exceed the static bound (else the analysis missed something), the
static bound must be within the budget (budgets.json), and an entry the budgets call
data-independent must cost the same instructions from every starting data. A markdown
table goes to --report.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys

ENTRY_PREFIX = "ec_entry_"
PAINT_FLOOR = 16
LINKER = {}  # __stack_top and __stack_limit of the image (ports/cortex-m/cortex-m.ld)


def symbol(title):
    """GCC titles a function with internal linkage "file.cpp:name"; the ELF says "name"."""
    return title.rsplit(":", 1)[1] if ":" in title else title


def parse_ci(paths):
    """Nodes {name: (bytes or None, qualifier)} and edges {name: set(callees)}."""
    nodes, edges = {}, {}
    node_re = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
    edge_re = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
    size_re = re.compile(r"\\n(\d+) bytes \(([a-z,]+)\)")
    for path in paths:
        with open(path) as f:
            for line in f:
                m = node_re.search(line)
                if m:
                    s = size_re.search(m.group(2))
                    if s:
                        nodes[symbol(m.group(1))] = (int(s.group(1)), s.group(2))
                    else:
                        nodes.setdefault(symbol(m.group(1)), (None, "external"))
                    continue
                m = edge_re.search(line)
                if m:
                    edges.setdefault(symbol(m.group(1)), set()).add(symbol(m.group(2)))
    return nodes, edges


def parse_disassembly(objdump, elf):
    """{function: {"decrement": bytes, "calls": set, "indirect": bool, "dynamic": bool}}."""
    out = subprocess.run([objdump, "-d", "--no-show-raw-insn", elf], check=True, capture_output=True, text=True).stdout
    funcs, cur, cur_name = {}, None, None
    head_re = re.compile(r"^[0-9a-f]+ <([^>]+)>:$")
    insn_re = re.compile(r"^\s*[0-9a-f]+:\s+(\S+)\s*(.*)$")
    # b and bl, conditional or not (libgcc jumps into a neighbour's shared exit: beq.w <f+0x..>).
    branch_re = re.compile(r"^bl?(eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al)?$")
    call_re = re.compile(r"<([^>+]+)(?:\+0x[0-9a-f]+)?>")
    for line in out.splitlines():
        m = head_re.match(line)
        if m:
            cur_name = m.group(1)
            cur = funcs.setdefault(cur_name, {"decrement": 0, "calls": set(), "indirect": False, "dynamic": False})
            continue
        m = insn_re.match(line)
        if not m or cur is None:
            continue
        op, args = m.group(1), m.group(2).split(";")[0].split("@")[0].strip()
        base = op.split(".")[0]
        if base == "push" or (base == "stmdb" and args.startswith("sp!")):
            cur["decrement"] += 4 * count_registers(args[args.index("{"):])
        elif base == "vpush" or (base == "vstmdb" and args.startswith("sp!")):
            regs = args[args.index("{"):]
            cur["decrement"] += (8 if "d" in regs else 4) * count_registers(regs)
        elif base in ("sub", "subw") and re.match(r"sp,\s*(sp,\s*)?#", args):
            cur["decrement"] += int(args.split("#")[1].split()[0], 0)
        elif base in ("sub", "subw") and re.match(r"sp,\s*(sp,\s*)?(r\d+|ip|lr|fp|sl)\b", args):
            cur["dynamic"] = True  # sp -= register: a frame the code sizes at run time
        elif base in ("str", "strd", "strb", "strh") and re.search(r"\[sp, #-(\d+)\]!", args):
            cur["decrement"] += int(re.search(r"\[sp, #-(\d+)\]!", args).group(1))
        elif branch_re.match(base) and call_re.search(args):
            # A call (or a tail branch) into another function, at its start or, rarely, into
            # its middle: bounded as a call of the whole function. Branches inside this
            # function are not calls.
            target = call_re.search(args).group(1)
            if target != cur_name:
                cur["calls"].add(target)
        elif (base == "blx" and not call_re.search(args)) or (base == "bx" and args != "lr"):
            cur["indirect"] = True  # through a register: the callee is not known here
    # Aliases: one address, several names (__aeabi_dadd is __adddf3); objdump labels the
    # code with one of them, the call graph may use another.
    table = subprocess.run([objdump, "-t", elf], check=True, capture_output=True, text=True).stdout
    by_addr = {}
    for line in table.splitlines():
        f = line.split()
        if len(f) >= 2 and f[-1] in ("__stack_top", "__stack_limit") and re.fullmatch(r"[0-9a-f]{8}", f[0]):
            LINKER[f[-1]] = int(f[0], 16)
        if len(f) >= 6 and "F" in line[9:17] and re.fullmatch(r"[0-9a-f]{8}", f[0]):
            by_addr.setdefault(int(f[0], 16) & ~1, []).append(f[-1])
    for names in by_addr.values():
        known = [n for n in names if n in funcs]
        for n in names:
            if n not in funcs and known:
                funcs[n] = funcs[known[0]]
    # A branch target objdump names after a symbol that is no function (an absolute symbol
    # such as __stack_min near a small address) is a branch inside the function.
    functions = {n for names in by_addr.values() for n in names}
    for f in funcs.values():
        f["calls"] = {c for c in f["calls"] if c in functions}
    return funcs


def count_registers(regs):
    n = 0
    for part in regs.strip("{} ").split(","):
        part = part.strip()
        if "-" in part:
            a, b = part.split("-")
            n += int(re.sub(r"\D", "", b)) - int(re.sub(r"\D", "", a)) + 1
        elif part:
            n += 1
    return n


def short(name):
    """A readable name for the table: demangled without parameters or template arguments."""
    try:
        name = subprocess.run(["c++filt", "-p", name], capture_output=True, text=True).stdout.strip() or name
    except OSError:
        pass
    out, depth = "", 0
    for ch in name:
        depth += ch == "<"
        if depth == 0:
            out += ch
        depth -= ch == ">"
    return out.replace("edgechaos::", "").replace("(anonymous namespace)::", "")


class Analysis:
    def __init__(self, nodes, edges, disasm):
        self.nodes, self.edges, self.disasm = nodes, edges, disasm
        self.memo, self.path = {}, []

    def frame_and_calls(self, name):
        own = self.nodes.get(name, (None, "external"))
        d = self.disasm.get(name)
        if own[0] is not None:
            if own[1] != "static" and own[1] != "dynamic,bounded":
                raise ValueError(f"{name}: frame is {own[1]} (unbounded)")
            calls = set(self.edges.get(name, ())) | (d["calls"] if d else set())
            if d and d["indirect"]:
                calls.add("__indirect_call")
            return own[0], calls
        if d is None:
            raise ValueError(f"{name}: in no call graph and not in the image")
        if d["dynamic"]:
            raise ValueError(f"{name}: the stack pointer moves by a register (dynamic frame)")
        calls = set(d["calls"])
        if d["indirect"]:
            calls.add("__indirect_call")
        return d["decrement"], calls

    def bound(self, name):
        """(bytes, the worst call chain)."""
        if name in self.memo:
            return self.memo[name]
        if name == "__indirect_call":
            raise ValueError("indirect call on the path " + " -> ".join(self.path))
        if name in self.path:
            raise ValueError("recursion: " + " -> ".join(self.path + [name]))
        self.path.append(name)
        try:
            frame, calls = self.frame_and_calls(name)
            best, chain = 0, []
            for c in sorted(calls):
                b, ch = self.bound(c)
                if b > best:
                    best, chain = b, ch
        finally:
            self.path.pop()
        self.memo[name] = (frame + best, [name] + chain)
        return self.memo[name]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--elf", required=True)
    ap.add_argument("--graph-dir", required=True, help="folder with the image's .ci files")
    ap.add_argument("--objdump", default="arm-none-eabi-objdump")
    ap.add_argument("--budgets", help="budgets.json")
    ap.add_argument("--target", default="cortex-m")
    ap.add_argument("--n", default="")
    ap.add_argument("--report")
    ap.add_argument("--run", nargs=argparse.REMAINDER, help="emulator command; the ELF is appended")
    a = ap.parse_args()

    ci = glob.glob(os.path.join(a.graph_dir, "**", "*.ci"), recursive=True)
    if not ci:
        sys.exit(f"stack_bound: no .ci files under {a.graph_dir} (build with -fcallgraph-info=su)")
    nodes, edges = parse_ci(ci)
    analysis = Analysis(nodes, edges, parse_disassembly(a.objdump, a.elf))
    entries = sorted(n for n in nodes if n.startswith(ENTRY_PREFIX))
    if not entries:
        sys.exit(f"stack_bound: no {ENTRY_PREFIX}* function in the call graph")
    static, errors = {}, []
    for e in entries:
        try:
            static[e[len(ENTRY_PREFIX):]] = analysis.bound(e)
        except ValueError as err:
            errors.append(f"{e}: {err}")

    # The stack region the image leaves (RAM less .data and .bss): main's frame plus the
    # worst entry must fit, or the image overflows on this board.
    region = None
    if "__stack_top" in LINKER and "__stack_limit" in LINKER:
        region = LINKER["__stack_top"] - LINKER["__stack_limit"]
        main_frame = analysis.frame_and_calls("main")[0] if "main" in nodes else 0
        for name, (b, _) in static.items():
            if main_frame + b > region:
                errors.append(f"{name}: {b} B below main's {main_frame} B frame is more than the {region} B stack region")

    measured = {}
    if a.run:
        r = subprocess.run(a.run + [a.elf], capture_output=True, text=True, timeout=280)
        for line in r.stdout.splitlines():
            if line.startswith('{"worst_case"'):
                row = json.loads(line)
                measured[row["worst_case"]] = row
        if r.returncode != 0:
            errors.append(f"the image exited with {r.returncode}:\n{r.stdout}{r.stderr}")

    budgets = {}
    if a.budgets:
        with open(a.budgets) as f:
            budgets = json.load(f)["entries"]

    rows = ["| entry | N | static bound (B) | painted (B) | budget (B) | instructions chaotic / null / subnormal | worst chain |",
            "|---|---|---|---|---|---|---|"]
    for name, (b, chain) in sorted(static.items()):
        m = measured.get(name, {})
        painted = m.get("stack_painted")
        budget = budgets.get(name, {}).get("stack", {}).get(str(a.n))
        instr = [m.get(k) for k in ("instructions_chaotic", "instructions_null", "instructions_subnormal")]
        if a.run and painted is None:
            errors.append(f"{name}: the image printed no measurement")
        # The paint stops 16 B below the stack pointer (cortexm/stack.hpp): a painted depth
        # reads at least 16 B, whatever the code used.
        if painted is not None and painted > max(b, PAINT_FLOOR):
            errors.append(f"{name}: painted {painted} B above the static bound {b} B: the analysis missed a frame")
        if a.budgets:
            if budget is None:
                errors.append(f"{name}: no stack budget for N = {a.n} in {a.budgets}")
            elif b > budget:
                errors.append(f"{name}: static bound {b} B over the budget {budget} B")
        same = budgets.get(name, {}).get("same_instructions", [])
        if a.target in same and None not in instr and len(set(instr)) != 1:
            errors.append(f"{name}: instructions depend on the data on {a.target}: {instr}")
        shown = " -> ".join(short(n) for n in chain[:5]) + (" ..." if len(chain) > 5 else "")
        rows.append(f"| {name} | {a.n} | {b} | {painted if painted is not None else '-'} | {budget if budget else '-'} | "
                    f"{' / '.join(str(i) for i in instr) if None not in instr else '-'} | {shown} |")
    for name in measured:
        if name not in static:
            errors.append(f"{name}: measured but not in the call graph as {ENTRY_PREFIX}{name}")
    table = f"{a.target}, N = {a.n}, stack region {region} B\n\n" + "\n".join(rows) + "\n"
    print(table)
    if a.report:
        with open(a.report, "w") as f:
            f.write(table)
    if errors:
        print("\n".join("stack_bound: " + e for e in errors), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
