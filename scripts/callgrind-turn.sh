#!/bin/sh
# Instructions per turn of the reference workload (BENCH.md), in-process, by callgrind: only the turn
# processor's batches are counted (not the start, the migrations nor the bench's own check).
#
# usage: scripts/callgrind-turn.sh [--chats N] [--binary PATH] [--out FILE]
#   --chats N     chats (default 1000; 10 turns each)
#   --binary PATH a built botrunner (default .build/release/botrunner)
#   --out FILE    where callgrind writes its profile (default: a temporary file, removed)
set -eu
cd "$(dirname "$0")/.."
chats=1000
binary=.build/release/botrunner
out=""
while [ $# -gt 0 ]; do
    case "$1" in
        --chats) chats="$2"; shift 2 ;;
        --binary) binary="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        *) echo "usage: scripts/callgrind-turn.sh [--chats N] [--binary PATH] [--out FILE]" >&2; exit 2 ;;
    esac
done
profile="${out:-$(mktemp)}"
[ -n "$out" ] || trap 'rm -f "$profile"' EXIT
figures="$(valgrind --tool=callgrind --callgrind-out-file="$profile" \
    --toggle-collect='$s7BotCore13TurnProcessorC6handle_6routes*' \
    "$binary" bench --mode in-process --chats "$chats" 2>/dev/null)"
turns=$(echo "$figures" | sed -n 's/.*= \([0-9]*\) turns per mode.*/\1/p')
total=$(grep '^summary:' "$profile" | awk '{print $2}')
[ -n "$turns" ] && [ -n "$total" ] || { echo "$figures" >&2; exit 1; }
echo "callgrind: $total instructions in the turn processor for $turns turns: $((total / turns)) per turn"
