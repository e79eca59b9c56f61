#!/usr/bin/env bash
# libFuzzer harnesses for the protocol decoder, the dialogue-script parser and the MIME parser.
#
#   scripts/fuzz.sh build                  builds the three harnesses into .build-fuzz/ (instrumented, -O)
#   scripts/fuzz.sh run HARNESS [SECONDS] [libFuzzer options...]
#                                          fuzzes one harness (protocol, script or mail), 60 s by default;
#                                          new inputs go to .build-fuzz/work/HARNESS, the seeds stay as they are;
#                                          a crash is written to .build-fuzz/findings/HARNESS/ and the run stops
#   scripts/fuzz.sh all [SECONDS]          each harness in turn, SECONDS each (default 60)
#   scripts/fuzz.sh replay                 runs every file of Fuzz/corpus/* once through its harness
#   scripts/fuzz.sh merge HARNESS          adds the inputs of the work folder that reach new code to the seed corpus
#
# The seed corpora are Fuzz/corpus/<harness>/; `swift test` replays them in-process too (FuzzCorpusTests,
# HostileFuzzCorpusTests). Set FUZZ_ASAN=1 to add AddressSanitizer (slower; catches misuse of unsafe pointers).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/.build-fuzz"
harnesses=(protocol script mail)
export PATH="/opt/swift/usr/bin:$PATH"

sanitizers="-sanitize=fuzzer"
if [[ "${FUZZ_ASAN:-0}" == 1 ]]; then sanitizers="-sanitize=fuzzer,address"; fi

# Compiles one module of Sources/ as an instrumented static library.
build_module() {
    local name="$1"
    shift
    local sources
    mapfile -t sources < <(find "$root/Sources/$name" -name '*.swift' | sort)
    swiftc -O -swift-version 6 -suppress-warnings $sanitizers -parse-as-library -wmo -module-name "$name" \
        -emit-module -emit-module-path "$out/modules/$name.swiftmodule" -emit-library -static \
        -o "$out/lib$name.a" -I "$out/modules" -I "$root/Sources/CSQLite" -I "$root/Sources/CCrypt" "$@" \
        "${sources[@]}"
}

# Links one harness of Fuzz/ against the libraries it needs.
build_harness() {
    local harness="$1" source="$2"
    shift 2
    swiftc -O -swift-version 6 $sanitizers -parse-as-library -I "$out/modules" -I "$root/Sources/CSQLite" \
        -I "$root/Sources/CCrypt" "$root/Fuzz/$source" "$@" -lsqlite3 -lcrypt -o "$out/$harness-fuzz"
}

build() {
    mkdir -p "$out/modules"
    echo "fuzz: building BotCore, Cabinet, Dialogs (instrumented)..."
    build_module BotCore
    build_module Cabinet
    build_module Dialogs
    build_harness protocol ProtocolFuzz.swift "$out/libBotCore.a"
    build_harness mail MailFuzz.swift "$out/libCabinet.a" "$out/libBotCore.a"
    build_harness script ScriptFuzz.swift "$out/libDialogs.a" "$out/libCabinet.a" "$out/libBotCore.a"
    echo "fuzz: built ${harnesses[*]} in $out"
}

check_harness() {
    case "$1" in
    protocol | script | mail) ;;
    *)
        echo "fuzz: unknown harness '$1' (protocol, script or mail)" >&2
        exit 2
        ;;
    esac
    if [[ ! -x "$out/$1-fuzz" ]]; then build; fi
}

# Options per harness: the line protocol's lines are short; scripts and mails are files.
max_len() {
    case "$1" in
    protocol) echo 4096 ;;
    script) echo 16384 ;;
    mail) echo 65536 ;;
    esac
}

run() {
    local harness="$1" seconds="${2:-60}"
    shift
    if [[ $# -gt 0 ]]; then shift; fi
    check_harness "$harness"
    mkdir -p "$out/work/$harness" "$out/findings/$harness"
    echo "fuzz: $harness for $seconds s"
    "$out/$harness-fuzz" "$out/work/$harness" "$root/Fuzz/corpus/$harness" \
        -max_total_time="$seconds" -max_len="$(max_len "$harness")" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$out/findings/$harness/" -print_final_stats=1 "$@"
}

replay() {
    for harness in "${harnesses[@]}"; do
        check_harness "$harness"
        "$out/$harness-fuzz" -runs=0 "$root/Fuzz/corpus/$harness" >/dev/null 2>&1 \
            || { echo "fuzz: replaying Fuzz/corpus/$harness failed" >&2; exit 1; }
        echo "fuzz: Fuzz/corpus/$harness replayed: $(ls "$root/Fuzz/corpus/$harness" | wc -l) inputs, no crash"
    done
}

merge() {
    local harness="$1"
    check_harness "$harness"
    "$out/$harness-fuzz" -merge=1 -max_len="$(max_len "$harness")" "$root/Fuzz/corpus/$harness" \
        "$out/work/$harness"
}

case "${1:-}" in
build) build ;;
run)
    shift
    run "${1:?harness: protocol, script or mail}" "${@:2}"
    ;;
all)
    for harness in "${harnesses[@]}"; do run "$harness" "${2:-60}"; done
    ;;
replay) replay ;;
merge) merge "${2:?harness: protocol, script or mail}" ;;
*)
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
