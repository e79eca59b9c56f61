#!/bin/sh
# Runs the reference workload (BENCH.md) through `botrunner bench` and through the peer engines of
# ../shared/peers (Bot Framework, aiogram in two styles, RiveScript, a dict state machine) plus SQLite's own
# upsert ceilings, interleaved round by round, and prints one markdown table with ratios.
#
# The peers run in memory and are not durable; botrunner fsyncs every turn's commit before it answers. The table
# says so. Each figure is the median of the rounds.
#
# usage: scripts/bench-peers.sh [--chats N] [--runs R] [--binary PATH] [--out FILE.md]
#   --chats N     chats (peers: users) per run (default 10000)
#   --runs R      rounds (default 3); each round runs botrunner in every mode, then every peer once
#   --binary PATH a built botrunner (default: build one with `swift build -c release --product botrunner`)
#   --out FILE    where the markdown goes (default: standard output)
# The peers' virtualenv (from PyPI) and raw results go to .build/peers.
set -eu
cd "$(dirname "$0")/.."
root="$(pwd)"
peers="$(cd ../shared/peers && pwd)"
chats=10000
runs=3
binary=""
out=""
while [ $# -gt 0 ]; do
    case "$1" in
        --chats) chats="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --binary) binary="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        *) echo "usage: scripts/bench-peers.sh [--chats N] [--runs R] [--binary PATH] [--out FILE.md]" >&2; exit 2 ;;
    esac
done
if [ -z "$binary" ]; then
    swift build -c release --product botrunner >&2
    binary="$(swift build -c release --show-bin-path)/botrunner"
fi
work="$root/.build/peers"
raw="$work/results/raw"
mkdir -p "$work"
if [ ! -x "$work/.venv/bin/python" ]; then
    echo "bench-peers: creating the peers' virtualenv in $work/.venv" >&2
    python3 -m venv "$work/.venv"
    "$work/.venv/bin/pip" install -q botbuilder-dialogs botbuilder-core aiogram rivescript
fi
py="$work/.venv/bin/python"
rm -rf "$raw"
mkdir -p "$raw"

peer() {  # name, environment, script, round
    echo "bench-peers: round $4: $1" >&2
    env $2 /usr/bin/time -v -o "$raw/$1.$4.time" \
        "$py" "$peers/$3" --users "$chats" --min-seconds 3 > "$raw/$1.$4.json"
}

round=1
while [ "$round" -le "$runs" ]; do
    echo "bench-peers: round $round: botrunner" >&2
    "$binary" bench --chats "$chats" > "$raw/botrunner.$round.txt"
    peer baseline_dict_fsm "X=1" peer_baseline.py "$round"
    peer rivescript_topics "X=1" peer_rivescript.py "$round"
    peer aiogram3_fsm_async "AIOGRAM_FILTERS=async" peer_aiogram.py "$round"
    peer aiogram3_fsm_magic "AIOGRAM_FILTERS=magic" peer_aiogram.py "$round"
    peer botframework "X=1" peer_botframework.py "$round"
    round=$((round + 1))
done
echo "bench-peers: sqlite" >&2
"$py" "$peers/sqlite_bench.py" --seconds 3 --runs "$runs" > "$raw/sqlite.json" 2> "$raw/sqlite.log"

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
{
    echo "$(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD), $(nproc) cores" \
        "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(uname -sr)."
    echo
    "$py" - "$raw" "$runs" <<'PYTHON'
import glob, json, os, re, statistics, sys

raw, runs = sys.argv[1], int(sys.argv[2])
median = statistics.median

def botrunner(mode):
    """Median turns/s, p99 ms and peak RSS MB of a botrunner mode over the rounds."""
    rows = []
    for path in sorted(glob.glob(os.path.join(raw, "botrunner.*.txt"))):
        for line in open(path):
            match = re.match(rf"{mode}\s+(\d+) turns/s .*p99 ([\d.]+) ms .*peak RSS ([\d.]+) MB", line)
            if match:
                rows.append(tuple(float(x) for x in match.groups()))
    return [median(column) for column in zip(*rows)] if rows else None

def peer(name):
    """Median turns/s, p99 ms and peak RSS MB of a peer over the rounds."""
    rows = []
    for path in sorted(glob.glob(os.path.join(raw, f"{name}.*.json"))):
        result = json.loads(open(path).read().strip().splitlines()[-1])
        timing = open(path[:-5] + ".time").read()
        rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing).group(1)) / 1024
        if not result["correct"]:
            sys.exit(f"bench-peers: {name} did not check its own work")
        rows.append((result["turns_per_s"], result["p99_us"] / 1000, rss))
    return [median(column) for column in zip(*rows)] if rows else None

ours = botrunner("in-process")
print(f"Reference workload, {runs} rounds interleaved, median of the rounds. botrunner: durable (SQLite WAL, "
      "every turn's commit fsynced before it is answered). Peers: in memory, NOT durable.")
print()
print("| engine | durable | turns/s | p99 ms | peak RSS MB | botrunner in-process ÷ this |")
print("|---|---|---:|---:|---:|---:|")
for mode, label in [("in-process", "botrunner in-process"), ("stdio", "botrunner stdio, window 256"),
                    ("tcp", "botrunner tcp, 4 connections")]:
    figures = botrunner(mode)
    if figures:
        print(f"| {label} | yes | {figures[0]:,.0f} | {figures[1]:.1f} | {figures[2]:.0f} | "
              f"{ours[0] / figures[0]:.2f} |")
for name, label in [("baseline_dict_fsm", "Python dict FSM (floor of a Python engine)"),
                    ("rivescript_topics", "RiveScript 1.15"), ("aiogram3_fsm_async", "aiogram 3 FSM, async filters"),
                    ("aiogram3_fsm_magic", "aiogram 3 FSM, magic filters"),
                    ("botframework", "Bot Framework (botbuilder-dialogs)")]:
    figures = peer(name)
    if figures:
        print(f"| {label} | no (in memory) | {figures[0]:,.0f} | {figures[1]:.1f} | {figures[2]:.0f} | "
              f"{ours[0] / figures[0]:.2f} |")
sqlite_path = os.path.join(raw, "sqlite.json")
if os.path.exists(sqlite_path):
    sqlite = json.load(open(sqlite_path))
    print()
    print(f"SQLite {sqlite['sqlite_version']} ceilings on this disk (Python sqlite3, ~500-byte upserts):")
    print()
    print("| mode | upserts/s | botrunner in-process ÷ this |")
    print("|---|---:|---:|")
    for mode in sqlite["modes"]:
        print(f"| {mode['mode']} | {mode['median_upserts_per_s']:,.0f} | "
              f"{ours[0] / mode['median_upserts_per_s']:.2f} |")
PYTHON
} > "$report"
if [ -n "$out" ]; then cp "$report" "$out"; echo "bench-peers: written to $out" >&2; else cat "$report"; fi
