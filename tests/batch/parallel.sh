#!/bin/sh
# parallel.sh — `tagger batch` is a pure line filter, so GNU parallel can shard a
# corpus across processes: the merged output of `parallel --pipe -k` must equal
# the single-process output, byte for byte, whether the shards are cut by record
# count (-N) or by size (--block). The corpus has no bad records, since an error
# record names its line within the shard.
# Usage: parallel.sh TAGGER SRC GEN PARALLEL
set -eu
TAGGER=$1
SRC=$2
GEN=$3
PARALLEL=$4
FIX=$SRC/tests/fixtures/lexicons
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export HOME=$TMP   # parallel keeps state in ~/.parallel

"$GEN" --lexicons "$SRC/lexicons" --size 1 --seed 9 --jsonl "$TMP/in.jsonl"
"$TAGGER" batch --lexicons="$FIX" -j1 --no-progress <"$TMP/in.jsonl" >"$TMP/single"
for format in json conll; do
  "$TAGGER" batch --lexicons="$FIX" -j1 --no-progress --format=$format <"$TMP/in.jsonl" >"$TMP/single.$format"
  for split in "-N 37" "--block 50k"; do
    # shellcheck disable=SC2086  # $split is two words on purpose
    "$PARALLEL" --will-cite --pipe -k $split -j 4 \
      "$TAGGER" batch --lexicons="$FIX" -j1 --no-progress --format=$format <"$TMP/in.jsonl" >"$TMP/merged"
    if ! cmp "$TMP/single.$format" "$TMP/merged"; then
      echo "FAIL parallel --pipe -k $split --format=$format: merged output differs"
      exit 1
    fi
    echo "ok parallel --pipe -k $split, --format=$format: merged output = single process"
  done
done
# the shards really were several processes
shards=$("$PARALLEL" --will-cite --pipe -N 37 -k wc -l <"$TMP/in.jsonl" | wc -l)
if [ "$shards" -lt 3 ]; then
  echo "FAIL only $shards shards: the corpus is too small to test sharding"
  exit 1
fi
echo "ok $shards shards"
