# shellcheck shell=bash
# Offline Pulumi settings for local runs and the end-to-end tier. Source it:
#
#   source scripts/pulumi-env.sh
#
# It changes only environment variables (no `set -e` or traps leak into your
# shell), and does not build anything: run scripts/toolchain.sh once first.
#
#   PULUMI_BACKEND_URL      file://<state dir>: stacks live on disk, no Pulumi Cloud
#                           (state dir: $LLAMASTACK_PULUMI_STATE_DIR, default <repo>/.pulumi-state,
#                           which .gitignore already ignores)
#   PULUMI_HOME             <state dir>/home: workspace settings and plugins stay
#                           out of ~/.pulumi, so runs cannot pick up stray plugins
#   PULUMI_CONFIG_PASSPHRASE  only if unset (and no passphrase file is set):
#                           "llamastack-local-test", a published test value that
#                           protects nothing; use your own for anything real
#   PULUMI_SKIP_UPDATE_CHECK, PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION,
#   PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: never reach for the network
#   PATH                    the toolchain's bin directory first
#
# With LLAMASTACK_PULUMI_FROM_PATH=1 (set by `scripts/toolchain.sh --for quickstart` when your
# own Pulumi CLI is used) your CLI stays first on PATH, nothing of ours is installed into
# PULUMI_HOME, and automatic plugin acquisition stays on: Pulumi downloads the Kubernetes
# provider the ordinary way.

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  echo "pulumi-env.sh must be sourced: source ${BASH_SOURCE[0]}" >&2
  exit 1
fi

__llamastack_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
__llamastack_state="${LLAMASTACK_PULUMI_STATE_DIR:-$__llamastack_repo/.pulumi-state}"
mkdir -p "$__llamastack_state/home"

export PULUMI_BACKEND_URL="file://$__llamastack_state"
export PULUMI_HOME="$__llamastack_state/home"
if [[ -z "${PULUMI_CONFIG_PASSPHRASE+x}" && -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]]; then
  export PULUMI_CONFIG_PASSPHRASE="llamastack-local-test"
fi
export PULUMI_SKIP_UPDATE_CHECK=true
if [[ "${LLAMASTACK_PULUMI_FROM_PATH:-}" != 1 ]]; then
  export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
fi
# @pulumi/pulumi's Automation API would otherwise insist that the CLI is at
# least as new as the npm SDK; ours is a fixed, newer build.
export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true

__llamastack_bin="$("$__llamastack_repo/scripts/toolchain.sh" --bin-dir)"
case ":$PATH:" in
  *":$__llamastack_bin:"*) ;;
  *) if [[ "${LLAMASTACK_PULUMI_FROM_PATH:-}" == 1 ]]; then
       export PATH="$PATH:$__llamastack_bin"
     else
       export PATH="$__llamastack_bin:$PATH"
     fi ;;
esac
if [[ "${LLAMASTACK_PULUMI_FROM_PATH:-}" == 1 ]]; then
  :   # the user's own CLI installs its plugins itself
elif [[ ! -x "$__llamastack_bin/pulumi" ]]; then
  echo "pulumi-env.sh: $__llamastack_bin/pulumi is missing; run scripts/toolchain.sh" >&2
else
  # Resource plugins we built (the Kubernetes provider) go into this
  # PULUMI_HOME's plugin cache once, exactly where `pulumi plugin install`
  # would put a downloaded one, so the engine finds them by name and version.
  while read -r __llamastack_kind __llamastack_name __llamastack_version __llamastack_file; do
    __llamastack_dir="$PULUMI_HOME/plugins/$__llamastack_kind-$__llamastack_name-$__llamastack_version"
    # (a .partial marker means an earlier install was interrupted)
    if [[ -x "$__llamastack_file" && ( ! -x "$__llamastack_dir/pulumi-$__llamastack_kind-$__llamastack_name" ||
      -e "$__llamastack_dir.partial" ) ]]; then
      "$__llamastack_bin/pulumi" plugin install "$__llamastack_kind" "$__llamastack_name" "$__llamastack_version" \
        --reinstall --file "$__llamastack_file" >/dev/null ||
        echo "pulumi-env.sh: could not install plugin $__llamastack_name $__llamastack_version" >&2
    fi
  done < <("$__llamastack_repo/scripts/toolchain.sh" --plugins)
fi
unset __llamastack_repo __llamastack_state __llamastack_bin \
  __llamastack_kind __llamastack_name __llamastack_version __llamastack_file __llamastack_dir
