#!/bin/sh
# scores.sh — the README's score table: tagger eval on tests/gold/dev, test and
# heldout, as Markdown. Usage: sh tools/scores.sh [BUILD_DIR]
set -eu
cd "$(dirname "$0")/.."
tagger=${1:-build}/tagger/tagger

row() {
  "$tagger" eval --gold="tests/gold/$1" | awk -v set="$1" '
    /^processed/ { docs = 0 }
    /^accuracy:.*FB1/ { p = $4; r = $6; f = $8 }
    /^ +(PER|LOC|GOV|ORG): precision/ { sub(":", "", $1); t[$1] = $NF == "" ? "" : $(NF - 1) }
    /^stance:/ { in_stance = 1 }
    in_stance && /^accuracy:/ { sa = $2; sc = $4; ss = $6 }
    END {
      gsub(/[%;]/, "", p); gsub(/[%;]/, "", r); gsub(/[%;]/, "", sa); gsub(/[%;]/, "", sc); gsub(/[%;]/, "", ss)
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
        set, p, r, f, t["PER"], t["LOC"], t["GOV"], t["ORG"], sa, sc, ss
    }'
}

echo "| gold set | precision | recall | F1 | PER F1 | LOC F1 | GOV F1 | ORG F1 | stance accuracy | coverage | spurious |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
row dev
row test
row heldout
