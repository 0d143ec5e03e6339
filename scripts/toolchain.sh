#!/usr/bin/env bash
# Builds, once, the real tools the end-to-end tier needs, from their Go
# modules (no binary downloads are possible here), and puts them on PATH:
#
#   pulumi                        Pulumi CLI                    pkg/v3 v3.274.1
#   pulumi-language-nodejs        our language host (see scripts/toolchain/langhost/main.go)
#   pulumi-language-python, -go   same binary: programs and SDK generation
#   pulumi-resource-kubernetes    Kubernetes provider           v4.25.0 (a plugin, not on PATH:
#                                 `--plugins` lists it for `pulumi plugin install`)
#   kube-apiserver, kube-controller-manager, kube-scheduler, kubectl   v1.34.4
#   etcd                                                        v3.6.16
#   kwok                          simulated nodes and pods      sigs.k8s.io/kwok
#   metrics-server                metrics.k8s.io                sigs.k8s.io/metrics-server
#   karpenter-kwok                Karpenter, kwok provider      sigs.k8s.io/karpenter v1.13.0 (+ CRDs)
#   vpa-recommender               VPA recommender               vertical-pod-autoscaler v1.5.1 (+ CRDs)
#   cert-manager-controller       cert-manager's controllers    github.com/cert-manager/cert-manager v1.21.2
#                                 (scripts/toolchain/cert-manager/main.go; + its CRDs)
#   pulumi-language-yaml          YAML language host            pulumi-yaml v1.25.0
#   pulumi-language-dotnet        .NET SDK generation only      pkg/v3 v3.215.0 codegen/dotnet
#                                 (scripts/toolchain/dotnet/main.go; runs no .NET programs)
#
# Usage:
#   scripts/toolchain.sh            build what is missing, then print `export PATH=...`
#   eval "$(scripts/toolchain.sh)"  the same, applied to this shell
#   source scripts/toolchain.sh     the same (builds in a child shell)
#   scripts/toolchain.sh --bin-dir  print the directory to put on PATH (no build)
#   scripts/toolchain.sh --share-dir  print the directory of data built components ship (crds/, kwok/)
#   scripts/toolchain.sh --status   show what is built and how long it took
#   scripts/toolchain.sh --plugins  print "<kind> <name> <version> <binary>" per resource plugin
#   scripts/toolchain.sh --for quickstart   build only what the quickstart lacks: a Pulumi CLI on
#                                   PATH (>= MIN_PULUMI_VERSION, with its Node.js host) is used as
#                                   it is, a kubeconfig means no local cluster is built
#   scripts/toolchain.sh --plan quickstart  print that decision, one line per component
#   scripts/toolchain.sh --cold-check [--keep] [component...]
#                                   build everything (or the named components) from empty Go
#                                   and toolchain caches in a temporary directory; print each
#                                   cold build time; fail at the first broken component
#   LLAMASTACK_TOOLCHAIN_COMPONENTS="etcd kubernetes" scripts/toolchain.sh   build only those
#
# Builds are cached outside the repository, one directory per component and
# version: ${LLAMASTACK_TOOLCHAIN_DIR:-$HOME/.cache/llamastack-toolchain}/<component>-<version>/
# A component is rebuilt only when its version or its wrapper sources under
# scripts/toolchain/<component>/ change. Progress goes to stderr, so stdout
# stays a clean `export` line.

# When sourced: build in a child process (so `set -e` and friends do not leak
# into the caller's shell), then export PATH here.
if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
  __llamastack_tc_out="$(bash "${BASH_SOURCE[0]}")" && eval "$__llamastack_tc_out"
  __llamastack_tc_rc=$?
  unset __llamastack_tc_out
  return $__llamastack_tc_rc
fi

# The rest is one block that bash reads whole before running it: a build takes minutes, and
# bash would otherwise read an edited script from the middle.
{
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WRAPPERS="$SCRIPT_DIR/toolchain"
TOOLCHAIN_DIR="${LLAMASTACK_TOOLCHAIN_DIR:-$HOME/.cache/llamastack-toolchain}"
BIN_DIR="$TOOLCHAIN_DIR/bin"   # one directory of hard links: the only PATH entry
SHARE_DIR="$TOOLCHAIN_DIR/share"  # data that built components ship: share/crds (Karpenter, VPA), share/kwok

PULUMI_VERSION=v3.274.1
K8S_PROVIDER_VERSION=4.25.0   # keep in step with the npm @pulumi/kubernetes the tests use
KUBERNETES_VERSION=v1.34.4    # wrapper go.mod replaces the staging modules with v0.34.4
ETCD_VERSION=v3.6.16
YAML_VERSION=v1.25.0          # pulumi-language-yaml; built with its own pulumi v3.206.0 libraries
DOTNET_CODEGEN_VERSION=v3.215.0   # the last pkg/v3 here with codegen/dotnet (later: in pulumi-dotnet)
KWOK_VERSION=v0.7.0           # k8s.io v0.33 libraries: v0.34 removed APIs it uses
METRICS_SERVER_VERSION=v0.8.0 # on the k8s.io v0.34.4 libraries, like the cluster
KARPENTER_VERSION=v1.13.0     # Karpenter with its kwok cloud provider (k8s.io v0.35 libraries: it needs them)
VPA_VERSION=v1.5.1            # the VPA release on the k8s.io v0.34 libraries (pinned to v0.34.4 in its wrapper)
CERT_MANAGER_VERSION=v1.21.2  # cert-manager's root module (its k8s.io v0.36 libraries); also in the wrapper's go.mod

# Reproducible, static builds; module mode even though GOFLAGS may say otherwise;
# never download another Go toolchain behind our back.
export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

log() { printf '%s\n' "$*" >&2; }
die() { log "toolchain.sh: $*"; exit 1; }

# Hash of a wrapper directory's files and of the build function: a changed
# wrapper or recipe means a new build.
src_hash() {
  { (cd "$WRAPPERS/$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum); declare -f "$2"; } |
    sha256sum | cut -c1-16
}

# build COMPONENT VERSION WRAPPER ESTIMATE FUNCTION
#   Copies scripts/toolchain/WRAPPER into <dir>/src, runs FUNCTION there with
#   OUT=<dir>/bin, records the time, and links the results into $BIN_DIR.
build() {
  local name=$1 version=$2 wrapper=$3 estimate=$4 fn=$5
  local dir="$TOOLCHAIN_DIR/$name-$version" hash
  hash="$(src_hash "$wrapper" "$fn")"
  if [[ -f "$dir/.built" && "$(cut -f1 "$dir/.built")" == "$hash" ]]; then
    link_bins "$dir/bin"
    return
  fi
  log "==> building $name $version (first time only, ~$estimate; log: $dir/build.log)"
  rm -rf "$dir"
  mkdir -p "$dir/bin"
  cp -R "$WRAPPERS/$wrapper" "$dir/src"
  local start=$SECONDS rc
  # Not under `if` or `||`: errexit would be off inside the build function.
  set +e
  (set -e; cd "$dir/src"; OUT="$dir/bin" "$fn") >"$dir/build.log" 2>&1
  rc=$?
  set -e
  if [[ $rc -ne 0 ]]; then
    tail -n 30 "$dir/build.log" >&2
    local failed
    failed="$(grep '^--- ' "$dir/build.log" | tail -n 1 | cut -c5-)"
    die "building $name $version failed${failed:+ at: $failed}; full log: $dir/build.log"
  fi
  local took=$((SECONDS - start))
  printf '%s\t%s\t%s\n' "$hash" "$took" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$dir/.built"
  log "    done in $((took / 60))m$((took % 60))s"
  link_bins "$dir/bin"
}

# Hard links, not symlinks: pulumi looks for its language hosts next to the
# resolved path of its own executable, and warns on every run about ones it
# finds elsewhere on PATH.
link_bins() {
  link_files "$1" "$BIN_DIR"
  local d
  for d in "$1"/../share/*/; do
    [[ -d "$d" ]] && link_files "$d" "$SHARE_DIR/$(basename "$d")"
  done
  return 0
}

link_files() { # FROM TO
  local f
  [[ -d "$1" ]] || return 0
  mkdir -p "$2"
  for f in "$1"/*; do
    [[ -e "$f" ]] || continue
    ln -f "$(readlink -f "$f")" "$2/$(basename "$f")" 2>/dev/null ||
      cp -f "$(readlink -f "$f")" "$2/$(basename "$f")"
  done
}

# step DESCRIPTION: marks in the build log what runs next, so a failure names its command.
step() { printf -- '--- %s\n' "$*"; }

gobuild() {
  step "go build -o $(basename "$2") $3"
  go build -trimpath -ldflags "-s -w $1" -o "$2" "$3"
}

# mod_dir MODULE: the directory of MODULE (at the version the wrapper's go.mod
# pins) in the module cache, downloaded first. `go list -m -f {{.Dir}}` prints an
# empty line for a module that is not in the cache yet, and a build must never
# read a path relative to its wrapper instead.
mod_dir() {
  local mod=$1 dir
  step "go mod download $mod" >&2
  go mod download "$mod" >&2 || return 1
  dir="$(go list -m -f '{{.Dir}}' "$mod")" || return 1
  if [[ -z "$dir" || ! -d "$dir" ]]; then
    echo "go list -m -f '{{.Dir}}' $mod printed '$dir' after go mod download: no module directory" >&2
    return 1
  fi
  printf '%s\n' "$dir"
}

build_pulumi() {
  gobuild "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
    "$OUT/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
}

build_langhost() {
  gobuild "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
    "$OUT/pulumi-language-nodejs" .
  # One binary; it picks its language from the name it is run by.
  ln -f "$OUT/pulumi-language-nodejs" "$OUT/pulumi-language-python"
  ln -f "$OUT/pulumi-language-nodejs" "$OUT/pulumi-language-go"
  # Shims for Node.js dynamic providers and old-style policy analyzers.
  install -m 0755 shims/* "$OUT/"
  # The Python host runs programs through upstream's runner script, which the
  # sdk/v3 module ships.
  local sdkdir
  sdkdir="$(mod_dir github.com/pulumi/pulumi/sdk/v3)"
  install -m 0755 "$sdkdir/python/cmd/pulumi-language-python-exec" "$OUT/"
}

build_kubernetes_provider() {
  local moddir
  moddir="$(mod_dir github.com/pulumi/pulumi-kubernetes/provider/v4)"
  # Stamp the version into the schema the provider module ships, as upstream's generate.go does.
  step "go run gen.go $moddir $K8S_PROVIDER_VERSION"
  go run gen.go "$moddir" "$K8S_PROVIDER_VERSION"
  # Not into bin/: the provider is installed as a plugin into PULUMI_HOME (see
  # scripts/pulumi-env.sh), where the engine finds it by name and version
  # without a "using ... from $PATH" warning on every run.
  mkdir -p "$OUT/../plugin"
  gobuild "-X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$K8S_PROVIDER_VERSION" \
    "$OUT/../plugin/pulumi-resource-kubernetes" .
}

build_kubernetes() {
  # Version stamps, as the Kubernetes release build sets them (kubectl version, /version).
  local v=${KUBERNETES_VERSION#v} ldflags="" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=${v%%.*}"
    ldflags+=" -X $pkg.gitMinor=$(cut -d. -f2 <<<"$v") -X $pkg.gitTreeState=clean"
  done
  local cmd
  for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    gobuild "$ldflags" "$OUT/$cmd" "k8s.io/kubernetes/cmd/$cmd"
  done
}

build_yaml() {
  gobuild "-X github.com/pulumi/pulumi-yaml/pkg/version.Version=$YAML_VERSION" \
    "$OUT/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
}

build_dotnet() {
  gobuild "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$DOTNET_CODEGEN_VERSION" \
    "$OUT/pulumi-language-dotnet" .
}

build_etcd() {
  gobuild "" "$OUT/etcd" .
}

# share KIND MODULE FILE...: data files a module ships (CRDs, configurations), kept next to the
# binaries in share/KIND and linked into $SHARE_DIR/KIND by build().
share() {
  local kind=$1 mod=$2 dir f
  shift 2
  dir="$(mod_dir "$mod")"
  mkdir -p "$OUT/../share/$kind"
  for f in "$@"; do
    step "copy $mod/$f"
    install -m 0644 "$dir/$f" "$OUT/../share/$kind/"
  done
}

build_kwok() {
  gobuild "" "$OUT/kwok" sigs.k8s.io/kwok/cmd/kwok
  # kwok's own stages (nodes Ready, pods Running and Ready at once, deletion, node leases) and
  # its emulated usage: per-pod CPU and memory from annotations, served as kubelet resource metrics.
  share kwok sigs.k8s.io/kwok kustomize/stage/node/fast/node-initialize.yaml \
    kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
    kustomize/stage/pod/fast/pod-ready.yaml kustomize/stage/pod/fast/pod-complete.yaml \
    kustomize/stage/pod/fast/pod-delete.yaml \
    kustomize/metrics/resource/metrics-resource.yaml kustomize/metrics/usage/usage-from-annotation.yaml
}

build_metrics_server() {
  gobuild "-X k8s.io/client-go/pkg/version.gitVersion=$METRICS_SERVER_VERSION" "$OUT/metrics-server" \
    sigs.k8s.io/metrics-server/cmd/metrics-server
}

build_karpenter() {
  gobuild "-X sigs.k8s.io/karpenter/pkg/operator.Version=$KARPENTER_VERSION" "$OUT/karpenter-kwok" sigs.k8s.io/karpenter/kwok
  share crds sigs.k8s.io/karpenter kwok/charts/crds/karpenter.sh_nodepools.yaml \
    kwok/charts/crds/karpenter.sh_nodeclaims.yaml kwok/charts/crds/karpenter.sh_nodeoverlays.yaml \
    kwok/apis/crds/karpenter.kwok.sh_kwoknodeclasses.yaml
}

build_vpa() {
  gobuild "" "$OUT/vpa-recommender" k8s.io/autoscaler/vertical-pod-autoscaler/pkg/recommender
  share crds k8s.io/autoscaler/vertical-pod-autoscaler deploy/vpa-v1-crd-gen.yaml
}

# cert-manager's stock main is in a nested module the proxy does not serve; our main
# (scripts/toolchain/cert-manager/main.go) runs the controllers of its root module. Its CRDs are
# the controller-gen output the root module ships in deploy/crds/, rendered by crd_render.
build_cert_manager() {
  local have
  have="$(go list -m -f '{{.Version}}' github.com/cert-manager/cert-manager)"
  [[ "$have" == "$CERT_MANAGER_VERSION" ]] ||
    { echo "wrapper go.mod requires cert-manager $have, toolchain.sh pins $CERT_MANAGER_VERSION"; return 1; }
  gobuild "-X github.com/cert-manager/cert-manager/pkg/util.AppVersion=$CERT_MANAGER_VERSION" \
    "$OUT/cert-manager-controller" .
  local dir f
  dir="$(mod_dir github.com/cert-manager/cert-manager)"
  mkdir -p "$OUT/../share/crds"
  for f in cert-manager.io_certificates cert-manager.io_certificaterequests cert-manager.io_issuers \
    cert-manager.io_clusterissuers acme.cert-manager.io_orders acme.cert-manager.io_challenges; do
    step "render $f.yaml from cert-manager's deploy/crds"
    crd_render <"$dir/deploy/crds/$f.yaml" >"$OUT/../share/crds/$f.yaml"
    grep -q '^kind: CustomResourceDefinition$' "$OUT/../share/crds/$f.yaml" ||
      { echo "$f.yaml: no CustomResourceDefinition after rendering"; return 1; }
  done
}

# crd_render: stdin to stdout, a CRD without Helm templating. Lines that are only a template
# action (`{{- if .Values.crds.enabled }}`, `{{- end }}`, `{{- include "labels" . | nindent 4 }}`)
# are dropped; a template action left anywhere else (inside a value) fails the build rather
# than reaching the API server half-rendered.
crd_render() {
  awk '
    /^[[:space:]]*\{\{.*\}\}[[:space:]]*$/ { next }
    /\{\{/ { printf "line %d keeps a template action: %s\n", NR, $0 > "/dev/stderr"; bad = 1 }
    { print }
    END { exit bad }
  '
}

status() {
  local d
  for d in "$TOOLCHAIN_DIR"/*/; do
    [[ -f "$d/.built" ]] || continue
    printf '%-36s built %s in %ss\n' "$(basename "$d")" "$(cut -f3 "$d/.built")" "$(cut -f2 "$d/.built")"
  done
}

# The components, in build order: name, version, wrapper, estimate, build function.
# Sequential on purpose: each build already uses every core.
COMPONENTS=(
  "pulumi               $PULUMI_VERSION           pulumi              14min build_pulumi"
  "langhost             $PULUMI_VERSION           langhost            1min  build_langhost"
  "kubernetes-provider  v$K8S_PROVIDER_VERSION    kubernetes-provider 22min build_kubernetes_provider"
  "etcd                 $ETCD_VERSION             etcd                1min  build_etcd"
  "kubernetes           $KUBERNETES_VERSION       kubernetes          13min build_kubernetes"
  "yaml                 $YAML_VERSION             yaml                2min  build_yaml"
  "dotnet-codegen       $DOTNET_CODEGEN_VERSION   dotnet              1min  build_dotnet"
  "kwok                 $KWOK_VERSION             kwok                4min  build_kwok"
  "metrics-server       $METRICS_SERVER_VERSION   metrics-server      5min  build_metrics_server"
  "karpenter            $KARPENTER_VERSION        karpenter           6min  build_karpenter"
  "vpa                  $VPA_VERSION              vpa                 4min  build_vpa"
  "cert-manager         $CERT_MANAGER_VERSION     cert-manager        5min  build_cert_manager"
)
component_names() { local c; for c in "${COMPONENTS[@]}"; do echo "${c%% *}"; done; }

# What the quickstart needs, and where each tool comes from. One line per component:
#   <component> <build|path|skip> <why>
# A Pulumi CLI on PATH that is new enough, with its Node.js language host, is used as it is,
# and Pulumi then installs the Kubernetes provider the ordinary way (a download on first use);
# a kubeconfig (KUBECONFIG, or ~/.kube/config) means no local cluster is built. Only what is
# missing is built. Reads PATH, KUBECONFIG and HOME only: no network, no build.
plan_quickstart() {
  local pulumi="" version="" host="" why_pulumi kubeconfig=""
  pulumi="$(command -v pulumi 2>/dev/null || true)"
  if [[ -n "$pulumi" && "$(readlink -f "$pulumi")" == "$(readlink -f "$TOOLCHAIN_DIR")"/* ]]; then
    pulumi=""   # our own earlier build on PATH: not the user's CLI
  fi
  if [[ -n "$pulumi" ]]; then
    version="$("$pulumi" version 2>/dev/null | head -n 1 | tr -d '[:space:]' || true)"
    version="${version#v}"
    host="$(command -v pulumi-language-nodejs 2>/dev/null || true)"
    [[ -n "$host" ]] || { [[ -x "$(dirname "$(readlink -f "$pulumi")")/pulumi-language-nodejs" ]] &&
      host="$(dirname "$(readlink -f "$pulumi")")/pulumi-language-nodejs"; }
  fi
  if [[ -z "$pulumi" ]]; then
    why_pulumi="no pulumi on PATH"
  elif ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]]; then
    why_pulumi="$pulumi: 'pulumi version' printed no version"
  elif [[ "$(printf '%s\n%s\n' "$MIN_PULUMI_VERSION" "${BASH_REMATCH[0]}" | sort -V | head -n 1)" != "$MIN_PULUMI_VERSION" ]]; then
    why_pulumi="$pulumi is v$version, older than v$MIN_PULUMI_VERSION"
  elif [[ -z "$host" ]]; then
    why_pulumi="$pulumi has no pulumi-language-nodejs beside it or on PATH"
  fi
  if [[ -z "${why_pulumi:-}" ]]; then
    echo "pulumi path $pulumi (v$version)"
    echo "langhost path $host"
    echo "kubernetes-provider skip pulumi installs v$K8S_PROVIDER_VERSION itself on first use"
  else
    echo "pulumi build $why_pulumi"
    echo "langhost build $why_pulumi"
    echo "kubernetes-provider build $why_pulumi"
  fi
  if [[ -n "${KUBECONFIG:-}" ]]; then
    kubeconfig="$KUBECONFIG"
  elif [[ -f "$HOME/.kube/config" ]]; then
    kubeconfig="$HOME/.kube/config"
  fi
  local c
  for c in etcd kubernetes kwok metrics-server karpenter vpa cert-manager; do
    if [[ -n "$kubeconfig" ]]; then
      echo "$c skip deploying to the cluster of $kubeconfig"
    else
      echo "$c build no kubeconfig: the local cluster needs it"
    fi
  done
  echo "yaml skip not used by the quickstart"
  echo "dotnet-codegen skip not used by the quickstart"
}

# cold_check [--keep] [COMPONENT...]: builds the toolchain (or the named components) with a
# new, empty GOMODCACHE, GOCACHE and toolchain directory, leaving the user's caches alone;
# prints each component's cold build time; stops at the first failure with its log tail.
cold_check() {
  local keep=false
  if [[ "${1:-}" == "--keep" ]]; then keep=true; shift; fi
  local root
  root="$(mktemp -d "${TMPDIR:-/tmp}/llamastack-cold-check.XXXXXX")"
  if ! $keep; then
    # The module cache is read-only on purpose; make it writable to remove it. (The trap runs
    # after this function has returned: it gets the path, not the variable.)
    trap "chmod -R u+w '$root' 2>/dev/null; rm -rf '$root'" EXIT
  fi
  log "==> cold check in $root (empty GOMODCACHE, GOCACHE and toolchain directory)"
  local start=$SECONDS rc=0
  GOMODCACHE="$root/gomod" GOCACHE="$root/gocache" LLAMASTACK_TOOLCHAIN_DIR="$root/toolchain" \
    LLAMASTACK_TOOLCHAIN_COMPONENTS="$*" bash "$SCRIPT_DIR/toolchain.sh" >/dev/null || rc=$?
  log "==> cold build times (go $(go env GOVERSION), $(nproc) cores)"
  LLAMASTACK_TOOLCHAIN_DIR="$root/toolchain" bash "$SCRIPT_DIR/toolchain.sh" --status >&2
  log "    wall time: $(((SECONDS - start) / 60))m$(((SECONDS - start) % 60))s"
  if ((rc != 0)); then
    die "cold check failed (see the component and log above)"
  fi
  $keep && log "    kept: GOMODCACHE=$root/gomod GOCACHE=$root/gocache LLAMASTACK_TOOLCHAIN_DIR=$root/toolchain"
  log "==> cold check passed"
}

MIN_PULUMI_VERSION=3.270.0   # the @pulumi/pulumi the package is built with
for_quickstart=false
case "${1:-}" in
  --bin-dir) echo "$BIN_DIR"; exit 0 ;;
  --share-dir) echo "$SHARE_DIR"; exit 0 ;;
  --plugins)
    echo "resource kubernetes v$K8S_PROVIDER_VERSION $TOOLCHAIN_DIR/kubernetes-provider-v$K8S_PROVIDER_VERSION/plugin/pulumi-resource-kubernetes"
    exit 0 ;;
  --status) status; exit 0 ;;
  --plan)
    [[ "${2:-}" == quickstart ]] || die "--plan takes one argument: quickstart"
    plan_quickstart; exit 0 ;;
  --for)
    [[ "${2:-}" == quickstart ]] || die "--for takes one argument: quickstart"
    for_quickstart=true ;;
  --cold-check)
    shift
    command -v go >/dev/null || die "go is not on PATH"
    cold_check "$@"; exit 0 ;;
  "") ;;
  *) die "unknown argument: $1 (see the header of this script)" ;;
esac

command -v go >/dev/null || die "go is not on PATH"

# Which components to build: all, those named in LLAMASTACK_TOOLCHAIN_COMPONENTS, or the
# quickstart's plan.
declare -A wanted=()
if $for_quickstart; then
  pulumi_from_path=false
  while read -r comp action why; do
    if [[ $action == build ]]; then
      wanted[$comp]=1
    elif [[ $comp == pulumi && $action == path ]]; then
      pulumi_from_path=true
      log "==> using the Pulumi CLI on PATH: $why; Pulumi installs the Kubernetes provider v$K8S_PROVIDER_VERSION itself"
    fi
  done < <(plan_quickstart)
elif [[ -n "${LLAMASTACK_TOOLCHAIN_COMPONENTS:-}" ]]; then
  for comp in $LLAMASTACK_TOOLCHAIN_COMPONENTS; do
    # Not `component_names | grep -q`: grep stops at the first match, and under pipefail the
    # loop still echoing into the closed pipe fails the test for a known name.
    [[ " $(component_names | tr '\n' ' ') " == *" $comp "* ]] ||
      die "unknown component '$comp' (known: $(component_names | tr '\n' ' '))"
    wanted[$comp]=1
  done
else
  for comp in $(component_names); do wanted[$comp]=1; done
fi

# One build at a time per cache: parallel test runs (or CI jobs) on one
# machine would otherwise rebuild the same directories under each other.
mkdir -p "$TOOLCHAIN_DIR"
exec 9>"$TOOLCHAIN_DIR/.lock"
if ! flock -n 9; then
  log "==> waiting for another toolchain.sh to finish"
  flock 9
fi

for c in "${COMPONENTS[@]}"; do
  read -r comp version wrapper estimate fn <<<"$c"
  [[ -n "${wanted[$comp]:-}" ]] || continue
  build "$comp" "$version" "$wrapper" "$estimate" "$fn"
done

if $for_quickstart && $pulumi_from_path; then
  # The user's CLI stays first; ours (kubectl, a local cluster) after it.
  echo "export PATH=\"\$PATH:$BIN_DIR\" LLAMASTACK_PULUMI_FROM_PATH=1"
else
  echo "export PATH=\"$BIN_DIR:\$PATH\""
fi
exit
}
