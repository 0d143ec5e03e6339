#!/usr/bin/env bash
# End to end, multi-language: the package used the way Python, Go and YAML programs use it (a
# remote component: the engine starts this repository as the `llamastack` plugin and asks it to
# construct each component), compared with examples/quickstart-typescript, which runs the
# components in-process. Real parts: the Pulumi CLI, our Node.js language host and the Kubernetes provider
# (scripts/toolchain.sh builds them). No cluster: the provider writes the manifests it would
# apply (kubernetes:renderYamlToDirectory), and the two runs must write the same ones.
#
#   1. `pulumi package get-schema <repo>` (the plugin as the CLI starts it: `npm install`, which
#      builds bin/, then run-plugin) serves sdk/schema.json.
#   2. examples/quickstart-typescript on the Node.js SDK that `pulumi package gen-sdk` generates
#      from sdk/schema.json (the same remote calls as the Python and Go SDKs).
#   3. examples/quickstart-typescript as written: the components in-process.
#   4. examples/quickstart-python and examples/quickstart-go (copied, with their paths to this
#      repository made absolute) deploy them through the committed SDKs; examples/quickstart-yaml
#      needs no SDK (the YAML host reads the schema from the plugin).
#   6. New Python and Go projects `pulumi package add` this repository (the SDK is generated into
#      sdks/ and linked by our language host) and run the same programs.
#   5. The manifests of 2, 4 and 6 are identical to those of 3.
#
# Usage: tests/e2e/multilang.e2e.sh
#   LLAMASTACK_TOOLCHAIN       default $HOME/.cache/llamastack-toolchain
#   LLAMASTACK_E2E_LANGUAGES   examples to run in step 4 (default "python go yaml")
#   LLAMASTACK_E2E_PACKAGE_ADD languages of step 6 (default "python go"; empty skips it)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
toolchain="${LLAMASTACK_TOOLCHAIN:-$HOME/.cache/llamastack-toolchain}"
# The Kubernetes provider: where scripts/toolchain.sh --plugins says, else where it builds it.
k8s_plugin=""
if [[ -x "$root/scripts/toolchain.sh" ]]; then
    k8s_plugin="$("$root/scripts/toolchain.sh" --plugins 2>/dev/null | awk '$2 == "kubernetes" { print $4 }')"
fi
for candidate in "$k8s_plugin" "$toolchain"/kubernetes-provider-v4.25.0/{plugin,bin}/pulumi-resource-kubernetes; do
    if [[ -n "$candidate" && -x "$candidate" ]]; then k8s_plugin="$candidate"; break; fi
done
for need in "$toolchain/bin/pulumi" "$toolchain/bin/pulumi-language-nodejs" "$toolchain/bin/pulumi-language-yaml" "$k8s_plugin"; do
    [[ -x "$need" ]] || { echo "missing $need: run scripts/toolchain.sh" >&2; exit 1; }
done

work="$(mktemp -d)"
[[ -n "${LLAMASTACK_E2E_KEEP:-}" ]] && echo "work dir: $work (kept)" || trap 'rm -rf "$work"' EXIT
export PATH="$toolchain/bin:$root/node_modules/.bin:$PATH"   # node 22 from the npm package `node`
export PULUMI_HOME="$work/home"
export PULUMI_BACKEND_URL="file://$work/state"
export PULUMI_CONFIG_PASSPHRASE="llamastack-local-test"     # a published test value; protects nothing
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
mkdir -p "$work/state"
pulumi plugin install resource kubernetes 4.25.0 --file "$k8s_plugin" >/dev/null
[[ -f "$root/bin/index.js" ]] || (cd "$root" && npm run -s build)

step() { echo "--- $*"; }
same_json() { python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' "$1" "$2"; }

step "1. the plugin serves sdk/schema.json"
# The CLI normalizes what it prints (drops fields it does not know, such as `optional`), so
# compare the plugin's schema with the committed file as the CLI reads both.
(cd "$work" && pulumi package get-schema "$root" 2>"$work/get-schema.log" >"$work/served.json") || { cat "$work/get-schema.log" >&2; exit 1; }
(cd "$work" && pulumi package get-schema "$root/sdk/schema.json" 2>>"$work/get-schema.log" >"$work/committed.json")
same_json "$work/committed.json" "$work/served.json" || {
    echo "the plugin's schema differs from sdk/schema.json (npm run generate:schema)" >&2; exit 1; }

# A stack in the project in $1 that renders manifests into $1/rendered.
stack() {
    (cd "$1" && pulumi stack init e2e >/dev/null 2>&1 &&
        pulumi config set kubernetes:renderYamlToDirectory "$1/rendered" >/dev/null)
}

# A Node.js project in $1 whose program is $2 (relative to it).
project() {
    local dir="$1" main="$2"
    mkdir -p "$dir"
    cat >"$dir/Pulumi.yaml" <<EOF
name: multilang-e2e-$(basename "$dir")
runtime: nodejs
main: $main
packages:
  llamastack: $root
EOF
    stack "$dir"
}

up() {
    local dir="$1" name="$2"
    (cd "$dir" && pulumi up --yes --skip-preview >"$work/$name-up.log" 2>&1) || {
        cat "$work/$name-up.log" >&2
        echo "pulumi up of $name failed" >&2
        exit 1
    }
}

# node_modules for a program outside the repository: the repository's, plus `llamastack` itself.
node_modules() {
    mkdir -p "$1/node_modules"
    for entry in "$root"/node_modules/* "$root"/node_modules/.bin; do
        ln -s "$entry" "$1/node_modules/"
    done
    ln -s "$root" "$1/node_modules/llamastack"
}

example="$root/examples/quickstart-typescript"

step "2. remote components through the generated SDK"
remote="$work/remote"
project "$remote" index.ts
(cd "$remote" && pulumi package gen-sdk "$root/sdk/schema.json" --language nodejs -o sdks >/dev/null 2>&1)
node_modules "$remote"
cp "$root/quickstart/tsconfig.json" "$remote/tsconfig.json"
sed 's|from "llamastack"|from "./sdks/nodejs"|' "$example/index.ts" >"$remote/index.ts"
up "$remote" remote
grep -q "llamastack:index:Distribution" "$work/remote-up.log" || { echo "no remote Distribution in the update" >&2; exit 1; }

step "3. examples/quickstart-typescript, in-process"
native="$work/native"
project "$native" index.ts
node_modules "$native"
cp "$root/quickstart/tsconfig.json" "$native/tsconfig.json"
cp "$example/index.ts" "$native/index.ts"
up "$native" native

compared=(remote)
for language in ${LLAMASTACK_E2E_LANGUAGES-python go yaml}; do
    step "4. examples/quickstart-$language"
    dir="$work/$language"
    cp -r "$root/examples/quickstart-$language" "$dir"
    rm -rf "$dir/venv" "$dir/sdks"
    # The examples point at this repository relatively (../..); from the copy, absolutely.
    sed -i "s|llamastack: \.\./\.\.|llamastack: $root|" "$dir/Pulumi.yaml"
    case "$language" in
        python) sed -i "s|^\.\./\.\./sdk/python|$root/sdk/python|" "$dir/requirements.txt"
                # As the README says (`pulumi install` would also generate an SDK into sdks/).
                (python3 -m venv "$dir/venv" && "$dir/venv/bin/pip" install -q -r "$dir/requirements.txt") \
                    >"$work/$language-install.log" 2>&1 || { cat "$work/$language-install.log" >&2; exit 1; } ;;
        go)     sed -i "s|=> \.\./\.\./sdk/go|=> $root/sdk/go|" "$dir/go.mod" ;;
    esac
    stack "$dir"
    up "$dir" "$language"
    compared+=("$language")
done

# As the README tells a Python or Go user: a new project, `pulumi package add <this repository>`
# (the CLI generates the SDK into sdks/ and our language host links it), then the quickstart.
if [[ -n "${LLAMASTACK_E2E_PACKAGE_ADD-python go}" ]]; then
    for language in ${LLAMASTACK_E2E_PACKAGE_ADD-python go}; do
        step "6. pulumi package add, from a new $language project"
        dir="$work/add-$language"
        mkdir -p "$dir"
        case "$language" in
            python)
                printf 'name: add-python\nruntime:\n  name: python\n  options:\n    toolchain: pip\n    virtualenv: venv\n' >"$dir/Pulumi.yaml"
                echo 'pulumi>=3.0.0,<4.0.0' >"$dir/requirements.txt"
                # The example's program; only its import comes from what `package add` linked.
                cp "$root/examples/quickstart-python/__main__.py" "$dir/"
                (python3 -m venv "$dir/venv" && "$dir/venv/bin/pip" install -q -r "$dir/requirements.txt") \
                    >"$work/add-$language-install.log" 2>&1 || { cat "$work/add-$language-install.log" >&2; exit 1; } ;;
            go)
                printf 'name: add-go\nruntime: go\n' >"$dir/Pulumi.yaml"
                # The example's program: its import path is the generated SDK's, which `package
                # add` replaces with sdks/llamastack.
                cp "$root/examples/quickstart-go/main.go" "$dir/"
                (cd "$dir" && go mod init add-go >/dev/null 2>&1) ;;
        esac
        (cd "$dir" && pulumi package add "$root" >"$work/add-$language.log" 2>&1) || {
            cat "$work/add-$language.log" >&2; echo "pulumi package add failed in a $language project" >&2; exit 1; }
        [[ -d "$dir/sdks/llamastack" ]] || { echo "pulumi package add generated no sdks/llamastack" >&2; exit 1; }
        grep -q "llamastack: $root" "$dir/Pulumi.yaml" || { echo "pulumi package add did not record the package in Pulumi.yaml" >&2; exit 1; }
        case "$language" in
            python) grep -q "sdks/llamastack" "$dir/requirements.txt" || { echo "requirements.txt does not name sdks/llamastack" >&2; exit 1; }
                    "$dir/venv/bin/python" -c 'import pulumi_llamastack' || { echo "pulumi_llamastack is not installed in the venv" >&2; exit 1; } ;;
            go)     grep -q "=> ./sdks/llamastack" "$dir/go.mod" || { echo "go.mod does not replace the SDK with sdks/llamastack" >&2; exit 1; } ;;
        esac
        stack "$dir"
        up "$dir" "add-$language"
        compared+=("add-$language")
    done
fi

step "5. the same manifests"
(cd "$native/rendered" && find . -type f | sort) >"$work/native-files"
grep -q horizontalpodautoscaler "$work/native-files" || { echo "the example rendered no HPA" >&2; exit 1; }
for name in "${compared[@]}"; do
    rendered="$work/$name/rendered"
    if ! diff -r "$native/rendered" "$rendered"; then
        echo "$name rendered other manifests than examples/quickstart-typescript in-process" >&2
        exit 1
    fi
done
echo "ok: ${compared[*]} rendered the same $(wc -l <"$work/native-files") manifests as the in-process example:"
sed 's/^/    /' "$work/native-files"
