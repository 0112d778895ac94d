#!/usr/bin/env python3
"""Assembles docs/worst_case.md's three tables from the reports the fw_worst_case ctests
write (build/<preset>/examples/firmware/worst_case/worst_case_n<N>.md, one per target).

    tools/worst_case_tables.py [BUILD_ROOT]     (default: build)

Prints Markdown: the stack at N = 16 and N = 64 (static bound / painted, budget) and the
instructions per call at N = 64 (chaotic / null / subnormal start). A target whose report
is missing is left out of the table (a column per target found)."""
import pathlib
import sys

TARGETS = [("cortex-m0", "M0"), ("cortex-m3", "M3"), ("cortex-m4f", "M4F"), ("cortex-m7", "M7"), ("cortex-m33", "M33")]


def read(root, preset, n):
    path = root / preset / "examples/firmware/worst_case" / f"worst_case_n{n}.md"
    if not path.exists():
        return None
    rows = {}
    for line in path.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 6 and cells[1] == str(n):
            rows[cells[0]] = {"bound": cells[2], "painted": cells[3], "budget": cells[4], "instr": cells[5]}
    return rows


def table(root, n, what):
    found = [(p, name, read(root, p, n)) for p, name in TARGETS]
    found = [(p, name, r) for p, name, r in found if r]
    if not found:
        return ""
    entries = sorted(set().union(*[r.keys() for _, _, r in found]))
    head = ["entry"] + [name for _, name, _ in found] + (["budget"] if what == "stack" else [])
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for e in entries:
        cells = [e]
        for _, _, r in found:
            row = r.get(e)
            if row is None:
                cells.append("-")
            elif what == "stack":
                cells.append(f"{row['bound']} / {row['painted']}")
            else:
                cells.append(row["instr"])
        if what == "stack":
            cells.append(next(r[e]["budget"] for _, _, r in found if e in r))
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "build")
    print("### Stack at N = 16: static bound / painted (bytes), budget\n")
    print(table(root, 16, "stack"))
    print("\n### Stack at N = 64: static bound / painted (bytes), budget\n")
    print(table(root, 64, "stack"))
    print("\n### Instructions per call at N = 64 (QEMU -icount): chaotic / null / subnormal start\n")
    print(table(root, 64, "instr"))


if __name__ == "__main__":
    main()
