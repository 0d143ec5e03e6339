#!/usr/bin/env bash
# Builds, once, the real tools the end-to-end tier needs, from their Go
# modules (no binary downloads are possible here), and puts them on PATH:
#
#   pulumi                        Pulumi CLI                    pkg/v3 v3.274.1
#   pulumi-language-nodejs        our language host (see scripts/toolchain/langhost/main.go)
#   pulumi-language-python, -go   same binary: programs and SDK generation
#   pulumi-resource-kubernetes    Kubernetes provider           v4.25.0 (a plugin, not on PATH:
#                                 `--plugins` lists it for `pulumi plugin install`)
#   kube-apiserver, kube-controller-manager, kubectl             v1.34.4
#   etcd                                                        v3.6.16
#   pulumi-language-yaml          YAML language host            pulumi-yaml v1.25.0
#   pulumi-language-dotnet        .NET SDK generation only      pkg/v3 v3.215.0 codegen/dotnet
#                                 (scripts/toolchain/dotnet/main.go; runs no .NET programs)
#
# Usage:
#   scripts/toolchain.sh            build what is missing, then print `export PATH=...`
#   eval "$(scripts/toolchain.sh)"  the same, applied to this shell
#   source scripts/toolchain.sh     the same (builds in a child shell)
#   scripts/toolchain.sh --bin-dir  print the directory to put on PATH (no build)
#   scripts/toolchain.sh --status   show what is built and how long it took
#   scripts/toolchain.sh --plugins  print "<kind> <name> <version> <binary>" per resource plugin
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

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WRAPPERS="$SCRIPT_DIR/toolchain"
TOOLCHAIN_DIR="${LLAMASTACK_TOOLCHAIN_DIR:-$HOME/.cache/llamastack-toolchain}"
BIN_DIR="$TOOLCHAIN_DIR/bin"   # one directory of symlinks: the only PATH entry

PULUMI_VERSION=v3.274.1
K8S_PROVIDER_VERSION=4.25.0   # keep in step with the npm @pulumi/kubernetes the tests use
KUBERNETES_VERSION=v1.34.4    # wrapper go.mod replaces the staging modules with v0.34.4
ETCD_VERSION=v3.6.16
YAML_VERSION=v1.25.0          # pulumi-language-yaml; built with its own pulumi v3.206.0 libraries
DOTNET_CODEGEN_VERSION=v3.215.0   # the last pkg/v3 here with codegen/dotnet (later: in pulumi-dotnet)

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
    die "building $name $version failed; full log: $dir/build.log"
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
  mkdir -p "$BIN_DIR"
  local f
  for f in "$1"/*; do
    [[ -e "$f" ]] || continue
    ln -f "$(readlink -f "$f")" "$BIN_DIR/$(basename "$f")" 2>/dev/null ||
      cp -f "$(readlink -f "$f")" "$BIN_DIR/$(basename "$f")"
  done
}

gobuild() { go build -trimpath -ldflags "-s -w $1" -o "$2" "$3"; }

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
  sdkdir="$(go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
  install -m 0755 "$sdkdir/python/cmd/pulumi-language-python-exec" "$OUT/"
}

build_kubernetes_provider() {
  local moddir
  moddir="$(go list -m -f '{{.Dir}}' github.com/pulumi/pulumi-kubernetes/provider/v4)"
  # Stamp the version into the schema the provider module ships, as upstream's generate.go does.
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
  for cmd in kube-apiserver kube-controller-manager kubectl; do
    echo "--- $cmd"
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

status() {
  local d
  for d in "$TOOLCHAIN_DIR"/*/; do
    [[ -f "$d/.built" ]] || continue
    printf '%-36s built %s in %ss\n' "$(basename "$d")" "$(cut -f3 "$d/.built")" "$(cut -f2 "$d/.built")"
  done
}

case "${1:-}" in
  --bin-dir) echo "$BIN_DIR"; exit 0 ;;
  --plugins)
    echo "resource kubernetes v$K8S_PROVIDER_VERSION $TOOLCHAIN_DIR/kubernetes-provider-v$K8S_PROVIDER_VERSION/plugin/pulumi-resource-kubernetes"
    exit 0 ;;
  --status) status; exit 0 ;;
  "") ;;
  *) die "unknown argument: $1 (see the header of this script)" ;;
esac

command -v go >/dev/null || die "go is not on PATH"

# One build at a time per cache: parallel test runs (or CI jobs) on one
# machine would otherwise rebuild the same directories under each other.
mkdir -p "$TOOLCHAIN_DIR"
exec 9>"$TOOLCHAIN_DIR/.lock"
if ! flock -n 9; then
  log "==> waiting for another toolchain.sh to finish"
  flock 9
fi

# Sequential on purpose: each build already uses every core.
build pulumi                     "$PULUMI_VERSION"       pulumi              "14 min" build_pulumi
build langhost                   "$PULUMI_VERSION"       langhost            "3 min"  build_langhost
build kubernetes-provider        "v$K8S_PROVIDER_VERSION" kubernetes-provider "22 min" build_kubernetes_provider
build etcd                       "$ETCD_VERSION"         etcd                "3 min"  build_etcd
build kubernetes                 "$KUBERNETES_VERSION"   kubernetes          "12 min" build_kubernetes
build yaml                       "$YAML_VERSION"         yaml                "2 min"  build_yaml
build dotnet-codegen             "$DOTNET_CODEGEN_VERSION" dotnet            "3 min"  build_dotnet

echo "export PATH=\"$BIN_DIR:\$PATH\""
