#!/bin/sh
# run.sh — the data-driven CLI tests. Each directory under cases/ is one case:
#   cmd     a shell command line; $TAGGER is the binary (run under $TAGGER_WRAPPER
#           when set, e.g. valgrind), $SRC the source root, $FIX the fixture
#           lexicons, $TMP a fresh empty directory for the case
#   stdin   standard input (optional; empty when absent)
#   stdout  expected standard output, exactly (optional: not compared when absent)
#   stderr  expected standard error, exactly, with $TMP written as TMP (optional)
#   status  expected exit status (optional: 0)
#   files   optional: "PATH" lines that must exist afterwards, or "!PATH" that must not
#   no-wrapper  optional: skip the case under $TAGGER_WRAPPER (inputs of many MB,
#           too slow under valgrind; the ASan build still runs them)
# Usage: run.sh TAGGER SRC [CASE...]
set -u
tagger_bin=$1
SRC=$2
shift 2
FIX=$SRC/tests/fixtures/lexicons
if [ -n "${TAGGER_WRAPPER:-}" ]; then
  TAGGER="$TAGGER_WRAPPER $tagger_bin"
else
  TAGGER=$tagger_bin
fi
export TAGGER SRC FIX

if [ $# -gt 0 ]; then
  cases=$*
else
  cases=$(ls "$SRC/tests/cli/cases")
fi

passed=0
failed=0
skipped=0
for name in $cases; do
  dir=$SRC/tests/cli/cases/$name
  if [ -n "${TAGGER_WRAPPER:-}" ] && [ -f "$dir/no-wrapper" ]; then
    skipped=$((skipped + 1))
    echo "skip $name (no-wrapper)"
    continue
  fi
  TMP=$(mktemp -d)
  export TMP
  stdin=/dev/null
  [ -f "$dir/stdin" ] && stdin=$dir/stdin
  (cd "$TMP" && sh -c "$(cat "$dir/cmd")" <"$stdin" >"$TMP/.stdout" 2>"$TMP/.stderr")
  status=$?
  want_status=0
  [ -f "$dir/status" ] && want_status=$(cat "$dir/status")
  ok=1
  why=""
  if [ "$status" != "$want_status" ]; then
    ok=0; why="exit status $status, expected $want_status"
  fi
  if [ $ok = 1 ] && [ -f "$dir/stdout" ] && ! cmp -s "$TMP/.stdout" "$dir/stdout"; then
    ok=0; why="stdout differs:
$(diff "$dir/stdout" "$TMP/.stdout" | head -20)"
  fi
  if [ $ok = 1 ] && [ -f "$dir/stderr" ]; then
    sed "s|$TMP|TMP|g" "$TMP/.stderr" >"$TMP/.stderr.norm"
    if ! cmp -s "$TMP/.stderr.norm" "$dir/stderr"; then
      ok=0; why="stderr differs:
$(diff "$dir/stderr" "$TMP/.stderr.norm" | head -20)"
    fi
  fi
  if [ $ok = 1 ] && [ -f "$dir/files" ]; then
    while read -r spec; do
      case $spec in
        !*) if ls $TMP/${spec#!} >/dev/null 2>&1; then ok=0; why="$spec exists"; fi ;;
        *) if ! ls $TMP/$spec >/dev/null 2>&1; then ok=0; why="$spec missing"; fi ;;
      esac
    done <"$dir/files"
  fi
  if [ $ok = 1 ]; then
    passed=$((passed + 1))
    echo "ok $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name: $why"
    echo "  stderr: $(head -3 "$TMP/.stderr")"
  fi
  rm -rf "$TMP"
done
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
