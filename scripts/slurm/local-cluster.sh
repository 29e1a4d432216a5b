#!/bin/bash
# A single-node Slurm cluster on this machine, to try the recipe (submit.sh) on a laptop or in CI.
#
#   scripts/slurm/local-cluster.sh start    # munged, slurmctld and slurmd; waits until the node is idle
#   scripts/slurm/local-cluster.sh status   # sinfo, or exit status 1 when the cluster does not answer
#   scripts/slurm/local-cluster.sh stop     # stops the daemons that start started
#
# Needs root and Debian's packages, which this script does not install:
#   apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y slurm-wlm
# It works in a container without systemd or cgroups: the daemons run in the background as root,
# processes are tracked through /proc (proctrack/linuxproc) and tasks are not confined (task/none).
# The configuration is written to $SLURM_CONF (default /etc/slurm/slurm.conf), which the client
# commands (sbatch, squeue, sinfo) read; an existing file not written by this script is left alone
# and start refuses to go on. Calling start on a running cluster does nothing.
# START_TIMEOUT (seconds, default 60) bounds the wait for the node to become idle.
set -euo pipefail

export SLURM_CONF=${SLURM_CONF:-/etc/slurm/slurm.conf}
MARK="# Written by alignsim scripts/slurm/local-cluster.sh"
STATE=/var/spool/alignsim-slurm
LOGS=/var/log/slurm
MUNGE_SOCKET=/run/munge/munge.socket.2
MUNGE_PID=/run/munge/munged.pid
CTLD_PID=/run/slurmctld.pid
SLURMD_PID=/run/slurmd.pid
START_TIMEOUT=${START_TIMEOUT:-60}

die() {
  echo "local-cluster: $*" >&2
  exit 1
}

running() { [[ -f $1 ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# The node's state as sinfo reports it (idle, mixed, down*, …), empty when the controller does not answer.
node_state() { timeout 10 sinfo -h -N -o '%T' 2>/dev/null | head -n 1 || true; }

write_config() {
  if [[ -f $SLURM_CONF ]] && ! grep -qxF "$MARK" "$SLURM_CONF"; then
    die "$SLURM_CONF exists and was not written by this script; not overwriting it (set SLURM_CONF to another path)"
  fi
  local host node
  host=$(hostname -s)
  # slurmd -C prints this machine's real CPUs, sockets, cores, threads and RealMemory as a NodeName line.
  node=$(slurmd -C | head -n 1)
  [[ $node == "NodeName=$host "* ]] || die "unexpected output of slurmd -C: $node"
  mkdir -p "$(dirname "$SLURM_CONF")"
  cat >"$SLURM_CONF.tmp" <<EOF
$MARK
ClusterName=alignsim-local
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/d
SlurmctldPidFile=$CTLD_PID
SlurmdPidFile=$SLURMD_PID
SlurmctldLogFile=$LOGS/slurmctld.log
SlurmdLogFile=$LOGS/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$SLURM_CONF.tmp" "$SLURM_CONF"
}

start_munge() {
  if [[ -S $MUNGE_SOCKET ]] && munge -n </dev/null | unmunge >/dev/null 2>&1; then
    return # a munged already answers (ours or the system's)
  fi
  if [[ ! -f /etc/munge/munge.key ]]; then
    mungekey --create --keyfile=/etc/munge/munge.key
  fi
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  if id munge >/dev/null 2>&1; then
    chown munge:munge /etc/munge/munge.key /run/munge /var/log/munge /var/lib/munge
    chmod 0400 /etc/munge/munge.key
    runuser -u munge -- munged
  else
    munged --force
  fi
  touch "$STATE/munged-started-here"
}

start() {
  command -v slurmctld >/dev/null && command -v munged >/dev/null ||
    die "slurmctld or munged not found; install them with: apt-get install -y slurm-wlm"
  [[ $(id -u) == 0 ]] || die "must run as root (the daemons run as root in this single-node setup)"
  local state
  # sinfo takes ~10 s to give up on a controller that is down, so ask only when ours is running.
  if running "$CTLD_PID" && running "$SLURMD_PID"; then
    state=$(node_state)
    if [[ $state == idle* || $state == mixed* || $state == allocated* ]]; then
      echo "local-cluster: already running ($state)"
      return
    fi
  fi
  write_config
  mkdir -p "$STATE/ctld" "$STATE/d" "$LOGS"
  start_munge
  running "$CTLD_PID" || slurmctld
  running "$SLURMD_PID" || slurmd
  local started=$SECONDS
  while :; do
    state=$(node_state)
    [[ $state == idle* ]] && break
    sleep 1
    running "$CTLD_PID" || die "slurmctld is not running; see $LOGS/slurmctld.log"
    running "$SLURMD_PID" || die "slurmd is not running; see $LOGS/slurmd.log"
    ((SECONDS - started < START_TIMEOUT)) ||
      die "node not idle after ${START_TIMEOUT}s (sinfo state: '${state:-no answer}'); see $LOGS/slurmctld.log and $LOGS/slurmd.log"
  done
  echo "local-cluster: node $(hostname -s) idle after $((SECONDS - started))s"
}

stop_daemon() {
  local name=$1 pidfile=$2 pid
  running "$pidfile" || return 0
  pid=$(cat "$pidfile")
  kill "$pid"
  for _ in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  echo "local-cluster: $name ($pid) did not stop within 10s; killing it" >&2
  kill -9 "$pid" 2>/dev/null || true
}

stop() {
  stop_daemon slurmd "$SLURMD_PID"
  stop_daemon slurmctld "$CTLD_PID"
  if [[ -f $STATE/munged-started-here ]]; then
    stop_daemon munged "$MUNGE_PID"
    rm -f "$STATE/munged-started-here"
  fi
  echo "local-cluster: stopped"
}

status() {
  local state
  state=$(node_state)
  [[ -n $state ]] || die "the controller does not answer"
  sinfo
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: local-cluster.sh start|stop|status" ;;
esac
