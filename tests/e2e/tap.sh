# Assertions for the shell tiers (controller.e2e.sh, controller-namespaced.e2e.sh,
# leader-fencing.e2e.sh), sourced from the repository's root. Each line of output is TAP-like:
# "ok - ..." or "not ok - ...", and tap_summary ends the script with the counts.

pass=0
fail=0

ok() { echo "ok - $*"; pass=$((pass + 1)); }
not_ok() { echo "not ok - $*"; fail=$((fail + 1)); }
# check DESCRIPTION COMMAND...: one assertion.
check() { local desc=$1; shift; if "$@"; then ok "$desc"; else not_ok "$desc"; fi; }
# eventually SECONDS COMMAND...: retries COMMAND until it succeeds or time runs out; on time out
# runs it once more with its errors shown, so the failure says why.
eventually() { local end=$((SECONDS + $1)); shift; until "$@" 2>/dev/null; do ((SECONDS >= end)) && { "$@"; return 1; }; sleep 0.2; done; }
# tap_summary: the counts, and the script's status (non-zero if anything failed).
tap_summary() { echo "$pass passed, $fail failed"; ((fail == 0)); }
