#!/usr/bin/env python3
"""Sweeps beyond one machine (issue 17): `sweep --shard I/N`, `merge` and `sweep --mpi`,
through the CLI, standard library only. One case per ctest entry:

  test_sweep_cluster.py --cli BIN --work DIR [--mpirun MPIRUN] CASE

(mpi_resume needs --mpirun; same_rows without it compares the single and merged tables only.)

The grid of every case: g = 0.6 and 1.4 (0.6:1.4:0.8), gamma = 0 and 0.5, seeds 1-3 (12
networks: quiet fixed points at g = 0.6, active networks with lambda_max near 0 at g = 1.4,
where a rank or thread that computed differently would show in every digit), N = 24, RK4, dt = 0.1, 400 steps of which 100 transient. A
network takes about a millisecond; the DMFT columns (gamma = 0, solved once per g > 1 per
process) take most of the time. Row order, shard membership and row keys are
computed here from the sweep's documented enumeration (g outer, gamma, seed fastest;
shard I holds positions k with k mod N == I), not read from the program.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

GRID = ["--g", "0.6:1.4:0.8", "--gamma", "0,0.5", "--seeds", "3", "--n", "24", "--steps", "400",
        "--transient", "100", "--dt", "0.1"]
HEADER = ("g,gamma,seed,n,dt,steps,transient,activity,phi2,energy,lambda_max,lambda_stderr,regime,status,"
          "seconds,g_critical,dmft_delta0,dmft_lambda")
SECONDS = HEADER.split(",").index("seconds")


def expected_keys():
    """The grid's row keys in enumeration order, printed as the table prints them (%.9g)."""
    gs = [0.6 + k * 0.8 for k in range(2)]
    return [f"{'%.9g' % g},{'%.9g' % gamma},{seed}" for g in gs for gamma in (0.0, 0.5) for seed in (1, 2, 3)]


def check(ok, text):
    print(("ok: " if ok else "FAIL: ") + text)
    if not ok:
        sys.exit(1)


def run(cmd, expect=0, env=None):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    if p.returncode != expect:
        sys.exit(f"FAIL: {' '.join(cmd)}: exit {p.returncode}, expected {expect}\n{p.stdout}{p.stderr}")
    return p


def read_table(path):
    """(header, rows) with each row's fields; asserts every line ends with a newline."""
    with open(path) as f:
        text = f.read()
    check(text.endswith("\n"), f"{os.path.basename(path)} ends with a complete line")
    lines = text.splitlines()
    return lines[0], [line.split(",") for line in lines[1:]]


def key(fields):
    return ",".join(fields[:3])


def without_seconds(fields):
    return fields[:SECONDS] + fields[SECONDS + 1:]


def fresh(w, name):
    d = os.path.join(w, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def mpirun_command(mpirun, np_):
    # As root (CI containers) Open MPI's mpirun refuses to start without --allow-run-as-root;
    # --oversubscribe lets -np exceed the cores (2 here). Loopback between two local ranks
    # needed no --mca btl setting on Debian 12's Open MPI 4.1.4 in this container.
    cmd = [mpirun, "-np", str(np_), "--oversubscribe"]
    if os.geteuid() == 0:
        cmd.append("--allow-run-as-root")
    return cmd


def mpi_env():
    # Open MPI does not free what MPI_Init allocates (LeakSanitizer finds direct leaks in
    # libmpi and its plugins, even for one rank); in the ASan build the leak check would fail
    # the MPI ranks, so it is off for them only (every other run keeps it).
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") + ":detect_leaks=0").lstrip(":")
    return env


def case_same_rows(cli, w, mpirun):
    """The single-process sweep (2 threads), the same grid as 3 shards joined by merge, and
    `mpirun -np 2 ... --mpi` hold the same 12 rows with the same values: every column but
    `seconds` (wall time), compared as text."""
    d = fresh(w, "same_rows")
    single = os.path.join(d, "single.csv")
    run([cli, "sweep", *GRID, "--threads", "2", "--out", single])
    shards = []
    for i in range(3):
        s = os.path.join(d, f"shard{i}.csv")
        run([cli, "sweep", *GRID, "--threads", "1", "--shard", f"{i}/3", "--out", s])
        shards.append(s)
    merged = os.path.join(d, "merged.csv")
    p = run([cli, "merge", *GRID, "--out", merged, *shards])
    summary = json.loads(p.stdout)
    check(summary["rows"] == 12 and summary["inputs"] == 3, f"merge summary: {p.stdout.strip()}")
    labelled = [("single", single), ("merged", merged)]
    if mpirun:
        mpi = os.path.join(d, "mpi.csv")
        p = run([*mpirun_command(mpirun, 2), cli, "sweep", *GRID, "--mpi", "--out", mpi], env=mpi_env())
        lines = [line for line in p.stdout.splitlines() if line.startswith("{")]
        check(len(lines) == 1, "one JSON summary from the MPI run (rank 0 only)")
        summary = json.loads(lines[0])
        check(summary["ranks"] == 2 and summary["rows_written"] == 12 and summary["rows_already_done"] == 0,
              f"MPI summary: {lines[0]}")
        labelled.append(("mpi", mpi))
    else:
        print("MPI not built: the MPI table is not compared")

    keys = expected_keys()
    tables = {}
    for label, path in labelled:
        header, rows = read_table(path)
        check(header == HEADER, f"{label}: the sweep header")
        check(sorted(key(r) for r in rows) == sorted(keys), f"{label}: one row per grid point, 12 rows")
        tables[label] = {key(r): without_seconds(r) for r in rows}
    _, merged_rows = read_table(merged)
    check([key(r) for r in merged_rows] == keys, "merged: rows in the grid's order (g, gamma, seed fastest)")
    for k in keys:
        check(all(t[k] == tables["single"][k] for t in tables.values()),
              f"{k}: {', '.join(tables)} rows equal (all columns but seconds)")
    check(all(tables["single"][k][HEADER.split(",").index("status")] == "ok" for k in keys), "every network ok")

    for i, s in enumerate(shards):
        header, rows = read_table(s)
        want = sorted(keys[k] for k in range(len(keys)) if k % 3 == i)
        check(header == HEADER and sorted(key(r) for r in rows) == want,
              f"shard {i}/3: the full header and exactly the grid positions k = {i} mod 3")


def case_mpi_resume(cli, w, mpirun):
    """An interrupted MPI table resumes: 5 rows kept and a torn sixth row (a killed run), then
    `mpirun -np 2 --mpi` runs only the 7 missing points, drops the torn row, and the table
    equals a single-process sweep's (all columns but seconds)."""
    d = fresh(w, "mpi_resume")
    single = os.path.join(d, "single.csv")
    run([cli, "sweep", *GRID, "--threads", "1", "--out", single])
    with open(single) as f:
        lines = f.read().splitlines()
    mpi = os.path.join(d, "mpi.csv")
    with open(mpi, "w") as f:
        f.write("\n".join(lines[:6]) + "\n" + lines[6][:25])
    p = run([*mpirun_command(mpirun, 2), cli, "sweep", *GRID, "--mpi", "--out", mpi], env=mpi_env())
    summary = json.loads([line for line in p.stdout.splitlines() if line.startswith("{")][0])
    check(summary["rows_already_done"] == 5 and summary["rows_written"] == 7, f"resume summary: {p.stdout.strip()}")
    _, a = read_table(single)
    _, b = read_table(mpi)
    check(len(b) == 12 and {key(r): without_seconds(r) for r in a} == {key(r): without_seconds(r) for r in b},
          "resumed MPI table equals the single-process table")
    # A finished table: nothing handed out, nothing written.
    p = run([*mpirun_command(mpirun, 2), cli, "sweep", *GRID, "--mpi", "--out", mpi], env=mpi_env())
    summary = json.loads([line for line in p.stdout.splitlines() if line.startswith("{")][0])
    check(summary["rows_written"] == 0 and summary["rows_already_done"] == 12, "a finished table is left alone")
    # Rank 0 refuses a table of another --steps: every rank is stopped, the table unchanged.
    with open(mpi) as f:
        before = f.read()
    steps = [("500" if a == "400" else a) for a in GRID]
    p = subprocess.run([*mpirun_command(mpirun, 2), cli, "sweep", *steps, "--mpi", "--out", mpi], capture_output=True,
                       text=True, env=mpi_env(), timeout=120)
    check(p.returncode != 0 and "another --n, --dt, --steps or --transient" in p.stderr,
          f"MPI sweep over a table of other --steps refused (mpirun exit {p.returncode})")
    with open(mpi) as f:
        check(f.read() == before, "the refused table is unchanged")


def case_merge_refusals(cli, w, mpirun):
    """merge refuses, with exit 2, one stderr line naming the file, and the output left as it
    was: a mismatched header, a duplicate row, a missing row (a shard left out), a truncated
    last row, a row of another --steps, a row outside the grid, a missing file."""
    d = fresh(w, "merge_refusals")
    shards = []
    for i in range(2):
        s = os.path.join(d, f"shard{i}.csv")
        run([cli, "sweep", *GRID, "--threads", "1", "--shard", f"{i}/2", "--out", s])
        shards.append(s)
    with open(shards[0]) as f:
        good = f.read()
    out = os.path.join(d, "out.csv")
    sentinel = "not to be touched\n"

    def bad(name, text):
        path = os.path.join(d, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    lines = good.splitlines()
    cases = {
        "mismatched header": [bad("header.csv", good.replace("lambda_max,", "lambda,", 1)), shards[1]],
        "duplicate row": [shards[0], shards[1], bad("dup.csv", lines[0] + "\n" + lines[1] + "\n")],
        "missing row": [bad("short.csv", "\n".join(lines[:-1]) + "\n"), shards[1]],
        "shard left out": [shards[0]],
        "truncated row": [bad("torn.csv", good[:-10]), shards[1]],
        "other --steps": [bad("steps.csv", good.replace(",400,100,", ",500,100,")), shards[1]],
        "row outside the grid": [shards[0], shards[1], bad("extra.csv", lines[0] + "\n" + lines[1].replace("0.6,", "0.7,", 1) + "\n")],
        "missing file": [shards[0], os.path.join(d, "absent.csv")],
    }
    names = {"mismatched header": "header.csv", "duplicate row": "dup.csv", "missing row": None,
             "shard left out": None, "truncated row": "torn.csv", "other --steps": "steps.csv",
             "row outside the grid": "extra.csv", "missing file": "absent.csv"}
    for label, inputs in cases.items():
        with open(out, "w") as f:
            f.write(sentinel)
        p = run([cli, "merge", *GRID, "--out", out, *inputs], expect=2)
        err = p.stderr.strip().splitlines()
        check(len(err) == 1 and p.stdout == "", f"{label}: exit 2, one line on stderr: {p.stderr.strip()}")
        if names[label]:
            check(names[label] in err[0], f"{label}: the message names {names[label]}")
        else:
            check("missing" in err[0], f"{label}: the message says rows are missing")
        with open(out) as f:
            check(f.read() == sentinel, f"{label}: the output file is unchanged")
        check(not [n for n in os.listdir(d) if n.startswith(".out.csv.tmp")], f"{label}: no temporary file left")
    # The same inputs, complete, merge.
    os.remove(out)
    run([cli, "merge", *GRID, "--out", out, *shards])
    _, rows = read_table(out)
    check([key(r) for r in rows] == expected_keys(), "the two shards merge into the full grid")


def case_mpirun_without_mpi(cli, w, mpirun):
    """Started by mpirun without --mpi (and without --shard), the sweep refuses before running
    anything, since every rank would write the whole grid into one file."""
    d = fresh(w, "no_mpi_flag")
    out = os.path.join(d, "t.csv")
    env = dict(os.environ, OMPI_COMM_WORLD_SIZE="2")
    p = run([cli, "sweep", *GRID, "--out", out], expect=2, env=env)
    check(len(p.stderr.strip().splitlines()) == 1 and "--mpi" in p.stderr, f"refused: {p.stderr.strip()}")
    check(not os.path.exists(out), "no table written")


def case_resume_refusals(cli, w, mpirun):
    """A sweep does not resume into a table it did not write: a foreign header, or rows of
    this grid run with another --steps, are refused (exit 2, one line) and left unchanged."""
    d = fresh(w, "resume_refusals")
    table = os.path.join(d, "t.csv")
    run([cli, "sweep", *GRID, "--threads", "1", "--shard", "0/4", "--out", table])
    with open(table) as f:
        before = f.read()
    steps = [("500" if a == "400" else a) for a in GRID]
    p = run([cli, "sweep", *steps, "--threads", "1", "--out", table], expect=2)
    check(len(p.stderr.strip().splitlines()) == 1 and "--steps" in p.stderr, f"other --steps refused: {p.stderr.strip()}")
    foreign = os.path.join(d, "foreign.csv")
    with open(foreign, "w") as f:
        f.write("a,b,c\n1,2,3\n")
    p = run([cli, "sweep", *GRID, "--threads", "1", "--out", foreign], expect=2)
    check(len(p.stderr.strip().splitlines()) == 1 and "not a sweep table" in p.stderr, f"foreign table refused: {p.stderr.strip()}")
    with open(table) as f, open(foreign) as g:
        check(f.read() == before and g.read() == "a,b,c\n1,2,3\n", "both files unchanged")


CASES = {"same_rows": case_same_rows, "mpi_resume": case_mpi_resume, "merge_refusals": case_merge_refusals,
         "mpirun_without_mpi": case_mpirun_without_mpi, "resume_refusals": case_resume_refusals}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--mpirun", default=None, help="without it, no MPI run (a build without MPI)")
    ap.add_argument("case", choices=sorted(CASES))
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    CASES[a.case](a.cli, a.work, a.mpirun)


if __name__ == "__main__":
    main()
