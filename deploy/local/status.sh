#!/usr/bin/env bash
# What deploy/local/up.sh runs, where, with which PID and log: one line per component and per replica of each service.
# Exit 0 only if every component of the mode (NPQ_INFRA_ONLY / NPQ_WITH_EDGE as for up.sh; without them, the mode up.sh
# last ran in) is up and ready, with the replicas up.sh last started (.local/run/replicas; NPQ_REPLICAS overrides).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mode=$(npq_mode)
replicas=${NPQ_REPLICAS:-$(npq_recorded_replicas)}
npq_replicas_valid "$replicas" || npq_die "NPQ_REPLICAS must be a number from 1 to $NPQ_MAX_REPLICAS (got '$replicas')"
if npq_table "$mode" "$replicas"; then
  echo; echo "all $mode components ready$([ "$mode" = full ] && echo " ($replicas replica(s) of each service)")"
else
  echo; echo "not every $mode component is ready (start with deploy/local/up.sh)"; exit 1
fi
