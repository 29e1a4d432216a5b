#!/bin/bash
# Submits an alignsim ensemble as a Slurm job array of K shards plus a dependent merge job.
#
#   scripts/slurm/submit.sh K OUT [alignsim run options…]
#   scripts/slurm/submit.sh 10 results/ens --N 1e5 --epsilon 0.05 --replicas 1000 --seed 7
#
# The jobs run bin/alignsim.mjs of the clone this script lives in, whatever the current directory;
# OUT and the jobs' logs (alignsim-*.out) are relative to the current directory.
# Extra sbatch options (partition, account, …) go in SBATCH_EXTRA, e.g. SBATCH_EXTRA="-p short".
set -euo pipefail

K=${1:?usage: submit.sh K OUT [alignsim run options…]}
OUT=${2:?usage: submit.sh K OUT [alignsim run options…]}
shift 2
HERE=$(cd "$(dirname "$0")" && pwd)
# Slurm runs a copy of each batch script from its spool directory, so the jobs cannot find the
# clone from their own path: they get it from ALIGNSIM_ROOT (sbatch exports the environment).
export ALIGNSIM_ROOT=${ALIGNSIM_ROOT:-$(cd "$HERE/../.." && pwd)}
# shellcheck disable=SC2086
jid=$(sbatch --parsable ${SBATCH_EXTRA:-} --array=0-$((K - 1)) "$HERE/ensemble.sbatch" "$OUT" "$@")
# shellcheck disable=SC2086
mid=$(sbatch --parsable ${SBATCH_EXTRA:-} --dependency=afterok:"$jid" "$HERE/merge.sbatch" "$OUT")
echo "submitted array job $jid ($K shards) and merge job $mid; results in $OUT/summary.json"
