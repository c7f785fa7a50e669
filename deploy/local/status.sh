#!/usr/bin/env bash
# What deploy/local/up.sh runs, where, with which PID and log. Exit 0 only if every component of the mode
# (NPQ_INFRA_ONLY / NPQ_WITH_EDGE as for up.sh; without them, the mode up.sh last ran in) is up and ready.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
mode=$(npq_mode)
if npq_table "$mode"; then
  echo; echo "all $mode components ready"
else
  echo; echo "not every $mode component is ready (start with deploy/local/up.sh)"; exit 1
fi
