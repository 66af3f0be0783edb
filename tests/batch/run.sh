#!/bin/sh
# run.sh — `tagger batch` CLI cases, in the format of tests/cli/run.sh. Each
# directory under cases/ is one case:
#   cmd     a shell command line; $TAGGER is the binary (under $TAGGER_WRAPPER
#           when set), $GEN the corpus generator, $SRC the source root, $FIX the
#           fixture lexicons, $TMP a fresh empty directory (the working directory)
#   stdin   standard input (optional; empty when absent)
#   stdout  expected standard output, exactly (optional)
#   stderr  expected standard error, exactly, with $TMP written as TMP (optional)
#   status  expected exit status (optional: 0)
#   files   optional: "PATH" lines that must exist afterwards, or "!PATH" that must not
# Usage: run.sh TAGGER SRC GEN [CASE...]
set -u
tagger_bin=$1
SRC=$2
GEN=$3
shift 3
FIX=$SRC/tests/fixtures/lexicons
if [ -n "${TAGGER_WRAPPER:-}" ]; then
  TAGGER="$TAGGER_WRAPPER $tagger_bin"
else
  TAGGER=$tagger_bin
fi
export TAGGER SRC FIX GEN
cases_dir=$SRC/tests/batch/cases
if [ $# -gt 0 ]; then cases=$*; else cases=$(ls "$cases_dir"); fi

passed=0
failed=0
for name in $cases; do
  dir=$cases_dir/$name
  TMP=$(mktemp -d)
  export TMP
  stdin=/dev/null
  [ -f "$dir/stdin" ] && stdin=$dir/stdin
  (cd "$TMP" && sh -c "$(cat "$dir/cmd")" <"$stdin" >"$TMP/.stdout" 2>"$TMP/.stderr")
  status=$?
  want_status=0
  [ -f "$dir/status" ] && want_status=$(cat "$dir/status")
  why=""
  if [ "$status" != "$want_status" ]; then
    why="exit status $status, expected $want_status"
  elif [ -f "$dir/stdout" ] && ! cmp -s "$TMP/.stdout" "$dir/stdout"; then
    why="stdout differs:
$(diff "$dir/stdout" "$TMP/.stdout" | head -20)"
  elif [ -f "$dir/stderr" ]; then
    sed "s|$TMP|TMP|g" "$TMP/.stderr" >"$TMP/.stderr.norm"
    if ! cmp -s "$TMP/.stderr.norm" "$dir/stderr"; then
      why="stderr differs:
$(diff "$dir/stderr" "$TMP/.stderr.norm" | head -20)"
    fi
  fi
  if [ -z "$why" ] && [ -f "$dir/files" ]; then
    while read -r spec; do
      case $spec in
        !*) if ls $TMP/${spec#!} >/dev/null 2>&1; then why="$spec exists"; fi ;;
        *) if ! ls $TMP/$spec >/dev/null 2>&1; then why="$spec missing"; fi ;;
      esac
    done <"$dir/files"
  fi
  if [ -z "$why" ]; then
    passed=$((passed + 1))
    echo "ok $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name: $why"
    echo "  stderr: $(head -3 "$TMP/.stderr")"
  fi
  rm -rf "$TMP"
done
echo "$passed passed, $failed failed"
[ $failed = 0 ]
