#!/bin/sh
# jobs.sh — `tagger batch` output is byte-identical whatever the number of
# threads: -j1, -j2 and -j4, JSON and CoNLL, on a generated corpus with bad
# records mixed in (so error records and the exit status are compared too).
# Usage: jobs.sh TAGGER SRC GEN
set -eu
TAGGER=$1
SRC=$2
GEN=$3
FIX=$SRC/tests/fixtures/lexicons
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

"$GEN" --lexicons "$SRC/lexicons" --size 1.5 --seed 5 --errors --jsonl "$TMP/in.jsonl"
records=$(wc -l <"$TMP/in.jsonl")
for format in json conll; do
  for j in 1 2 4; do
    status=0
    "$TAGGER" batch --lexicons="$FIX" --no-progress --format=$format -j$j "$TMP/in.jsonl" \
      >"$TMP/out.$format.$j" 2>"$TMP/err.$format.$j" || status=$?
    if [ $status != 1 ]; then
      echo "FAIL -j$j --format=$format: exit status $status, expected 1 (the corpus has bad records)"
      cat "$TMP/err.$format.$j"
      exit 1
    fi
  done
  for j in 2 4; do
    if ! cmp "$TMP/out.$format.1" "$TMP/out.$format.$j"; then
      echo "FAIL --format=$format: -j$j output differs from -j1"
      exit 1
    fi
    if ! cmp "$TMP/err.$format.1" "$TMP/err.$format.$j"; then
      echo "FAIL --format=$format: -j$j stderr differs from -j1"
      exit 1
    fi
  done
  echo "ok --format=$format: -j1, -j2, -j4 identical"
done
lines=$(wc -l <"$TMP/out.json.1")
docs=$(grep -c '^-DOCSTART-' "$TMP/out.conll.1" || true)
if [ "$lines" != "$records" ] || [ "$docs" != "$records" ]; then
  echo "FAIL $records records in, $lines JSON lines and $docs CoNLL documents out"
  exit 1
fi
errors=$(grep -c '"error":' "$TMP/out.json.1" || true)
if [ "$errors" != $((records / 97)) ]; then
  echo "FAIL $errors error records, expected $((records / 97)) (gen-corpus --errors spoils every 97th)"
  exit 1
fi
echo "ok $records records, $errors of them bad: one output line and one document each"
