#!/bin/bash
# Submits an alignsim ensemble as a Slurm job array of K shards plus a dependent merge job.
#
#   scripts/slurm/submit.sh K OUT [alignsim run options…]
#   scripts/slurm/submit.sh 10 results/ens --N 1e5 --epsilon 0.05 --replicas 1000 --seed 7
#
# Extra sbatch options (partition, account, …) go in SBATCH_EXTRA, e.g. SBATCH_EXTRA="-p short".
set -euo pipefail

K=${1:?usage: submit.sh K OUT [alignsim run options…]}
OUT=${2:?usage: submit.sh K OUT [alignsim run options…]}
shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck disable=SC2086
jid=$(sbatch --parsable ${SBATCH_EXTRA:-} --array=0-$((K - 1)) "$HERE/ensemble.sbatch" "$OUT" "$@")
# shellcheck disable=SC2086
mid=$(sbatch --parsable ${SBATCH_EXTRA:-} --dependency=afterok:"$jid" "$HERE/merge.sbatch" "$OUT")
echo "submitted array job $jid ($K shards) and merge job $mid; results in $OUT/summary.json"
