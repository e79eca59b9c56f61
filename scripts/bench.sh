#!/bin/sh
# Runs `botrunner bench` (BENCH.md) in every mode and writes the figures as a markdown table.
#
# usage: scripts/bench.sh [--chats N] [--out FILE.md] [--binary PATH]
#   --chats N     chats per run (default 10000; 10 turns each)
#   --out FILE    where the markdown goes (default: standard output)
#   --binary PATH a built botrunner (default: build one with `swift build -c release`)
#
# Runs: all three modes durable (every commit fsynced before its turns are answered) and with --durability
# normal, then stdio offered 10,000 and 1,000 turns/s (latency under a steady load). Every run checks its own work; the script stops at
# the first run that fails.
set -eu
cd "$(dirname "$0")/.."
chats=10000
out=""
binary=""
while [ $# -gt 0 ]; do
    case "$1" in
        --chats) chats="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --binary) binary="$2"; shift 2 ;;
        *) echo "usage: scripts/bench.sh [--chats N] [--out FILE.md] [--binary PATH]" >&2; exit 2 ;;
    esac
done
if [ -z "$binary" ]; then
    swift build -c release --product botrunner >&2
    binary="$(swift build -c release --show-bin-path)/botrunner"
fi
report="$(mktemp)"
trap 'rm -f "$report"' EXIT

run() {  # title, then bench arguments
    title="$1"
    shift
    echo "bench: $title" >&2
    figures="$("$binary" bench --chats "$chats" --markdown "$@")"
    {
        echo "### $title"
        echo
        echo "$figures" | grep -v '^checked:' | sed -e 's/^bench: \(.*\)$/\1\n/' -e 's/^cold start\(.*\)$/\ncold start\1/'
        echo
    } >> "$report"
}

{
    echo "## botrunner bench"
    echo
    echo "$(date -u +%Y-%m-%d), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(uname -sr)."
    echo "Per chat the credential-request flow, 10 turns; turn k of every chat before turn k+1 of any."
    echo "Each run checked its own work (every message answered once and in order, the bad INN refused,"
    echo "each chat at credentials/letter with its request recorded)."
    echo
} > "$report"
run "Durable (every commit fsynced before it is answered), window 256, 4 connections for tcp" --durability full
run "--durability normal (no fsync)" --durability normal
run "stdio offered 10,000 turns/s" --mode stdio --rate 10000
run "stdio offered 1,000 turns/s" --mode stdio --rate 1000
if [ -n "$out" ]; then cp "$report" "$out"; echo "bench: written to $out" >&2; else cat "$report"; fi
