#!/bin/sh
# check-hostile.sh — the hostile-input checks (issue 6): the tagger must never
# crash, hang, leak or silently drop a document, whatever it is fed.
#
#   1. asan      an ASan + UBSan build (build-asan) running the whole `meson test`
#                suite: unit tests, CLI cases (tests/cli/cases/hostile-* among
#                them), batch cases, gold gate;
#   2. valgrind  the CLI and batch cases, and the fuzz corpora (replayed without
#                libFuzzer), under valgrind (build-valgrind), failing on any
#                memory error or definite leak;
#   3. fuzz      the libFuzzer targets of tests/fuzz (build-fuzz, clang): their
#                seed corpora and regression inputs replayed, then each target
#                fuzzed for FUZZ_SECONDS with a fixed seed, failing on any crash,
#                hang (-timeout), leak or sanitizer report;
#   4. static    cppcheck (tools/cppcheck-suppressions.txt) and clang-tidy
#                (.clang-tidy) on tagger/*.c, failing on any finding.
#
# Usage: sh tools/check-hostile.sh [STEP...]     (default: all four, in order)
# Environment: FUZZ_SECONDS per target (default 60; two targets run at a time),
#              FUZZ_SEED (default 1), CC_FUZZ (default clang).
# About 13 minutes on a 2-core machine. Needs clang, libclang-rt-14-dev,
# valgrind, cppcheck and clang-tidy (tools/setup.sh installs them).
#
# A crash found by the fuzzer is written to build-fuzz/fuzz-artifacts/; make it
# a regression input (copy it into tests/fuzz/corpus/TARGET/) and a unit test or
# CLI case, then fix the bug.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_SEED=${FUZZ_SEED:-1}
CC_FUZZ=${CC_FUZZ:-clang}
steps=${*:-asan valgrind fuzz static}
failed=""

say () { printf '\n=== check-hostile: %s\n' "$*" >&2; }

# Configures and builds directory $1 with the remaining meson options. (The
# steps run as `if` conditions, where `set -e` does not apply: every command
# that matters ends in `|| return 1`.)
setup () {
  dir=$1
  shift
  if [ -f "$dir/build.ninja" ]; then
    meson setup --reconfigure "$dir" "$@" >/dev/null || return 1
  else
    meson setup "$dir" "$@" >/dev/null || return 1
  fi
  meson compile -C "$dir" >/dev/null || return 1
}

step_asan () {
  say "ASan + UBSan build, whole test suite"
  setup build-asan -Db_sanitize=address,undefined -Db_lundef=false || return 1
  # GLib's slice allocator hides frees from LeakSanitizer; plain malloc does not.
  G_SLICE=always-malloc meson test -C build-asan --print-errorlogs --num-processes 2 || return 1
}

step_valgrind () {
  say "CLI and batch cases under valgrind"
  setup build-valgrind || return 1
  logs=$(mktemp -d) || return 1
  # World-writable: one case reads as 'nobody' (hostile-unreadable).
  chmod 1777 "$logs"
  wrapper="valgrind -q --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite"
  wrapper="$wrapper --error-exitcode=1 --log-file=$logs/vg.%p.log"
  export G_SLICE=always-malloc G_DEBUG=gc-friendly
  # The lexicon cache of these runs (the first writes it, the others read it).
  export XDG_CACHE_HOME="$root/build-valgrind/xdg-cache"
  ok=1
  TAGGER_WRAPPER=$wrapper sh tests/cli/run.sh "$root/build-valgrind/tagger/tagger" "$root" || ok=0
  TAGGER_WRAPPER=$wrapper sh tests/batch/run.sh "$root/build-valgrind/tagger/tagger" "$root" \
    "$root/build-valgrind/tests/bench/gen-corpus" || ok=0
  meson test -C build-valgrind --suite fuzz-replay --wrapper "$wrapper" --print-errorlogs || ok=0
  unset G_SLICE G_DEBUG XDG_CACHE_HOME
  # Valgrind writes nothing to a log unless it found something.
  for log in "$logs"/vg.*.log; do
    [ -s "$log" ] || continue
    ok=0
    echo "valgrind: $log" >&2
    head -40 "$log" >&2
  done
  rm -rf "$logs"
  [ $ok = 1 ]
}

step_fuzz () {
  say "fuzz targets: seeds, then ${FUZZ_SECONDS}s each (seed $FUZZ_SEED)"
  CC=$CC_FUZZ setup build-fuzz -Dfuzzing=true -Dtests=disabled -Dgenerators=disabled || return 1
  G_SLICE=always-malloc meson test -C build-fuzz --suite fuzz --print-errorlogs || return 1
  targets=$(cd tests/fuzz/corpus && ls)
  art=build-fuzz/fuzz-artifacts
  mkdir -p "$art"
  # Two at a time (two cores). Each grows its own corpus under build-fuzz/
  # (kept between runs); the committed seeds are only read.
  set -- $targets
  ok=1
  while [ $# -gt 0 ]; do
    pids=""
    for t in "$1" "${2:-}"; do
      [ -n "$t" ] || continue
      mkdir -p "build-fuzz/fuzz-corpus/$t"
      G_SLICE=always-malloc ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "build-fuzz/tests/fuzz/fuzz-$t" -seed="$FUZZ_SEED" -max_total_time="$FUZZ_SECONDS" \
        -timeout=10 -rss_limit_mb=2560 -max_len=4096 -print_final_stats=1 \
        -artifact_prefix="$art/$t-" "build-fuzz/fuzz-corpus/$t" "tests/fuzz/corpus/$t" \
        >"build-fuzz/fuzz-$t.log" 2>&1 &
      pids="$pids $!:$t"
    done
    for p in $pids; do
      if wait "${p%%:*}"; then
        echo "fuzz-${p#*:}: $(grep -E '^stat::number_of_executed_units' "build-fuzz/fuzz-${p#*:}.log" | tr -s ' ' | cut -d' ' -f2) runs, no finding" >&2
      else
        ok=0
        echo "fuzz-${p#*:}: FAILED; see build-fuzz/fuzz-${p#*:}.log and $art/" >&2
        grep -E 'ERROR|invariant|runtime error|Test unit written' "build-fuzz/fuzz-${p#*:}.log" | head -10 >&2
      fi
    done
    shift
    [ $# -gt 0 ] && shift
  done
  [ $ok = 1 ]
}

step_static () {
  say "cppcheck and clang-tidy on tagger/*.c"
  cppcheck --library=gtk --library=posix --enable=warning,style,performance,portability --std=c11 \
    --inline-suppr --quiet --error-exitcode=1 --suppressions-list=tools/cppcheck-suppressions.txt \
    -I tagger tagger/*.c || return 1
  # clang-tidy reads the compile commands of a plain build and .clang-tidy.
  [ -f build-valgrind/compile_commands.json ] || setup build-valgrind || return 1
  out=$(mktemp) || return 1
  if ! run-clang-tidy-14 -p build-valgrind -j 2 -quiet "$root/tagger/[^/]*\.c\$" >"$out" 2>&1; then
    grep -E 'warning:|error:' "$out" >&2 || cat "$out" >&2
    rm -f "$out"
    return 1
  fi
  rm -f "$out"
}

for s in $steps; do
  case $s in
    asan | valgrind | fuzz | static) ;;
    *) echo "check-hostile: unknown step '$s' (asan, valgrind, fuzz, static)" >&2; exit 2 ;;
  esac
  start=$(date +%s)
  if "step_$s"; then
    say "$s passed ($(($(date +%s) - start))s)"
  else
    say "$s FAILED ($(($(date +%s) - start))s)"
    failed="$failed $s"
  fi
done
if [ -n "$failed" ]; then
  say "FAILED:$failed"
  exit 1
fi
say "all passed"
