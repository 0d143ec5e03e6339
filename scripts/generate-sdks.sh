#!/usr/bin/env bash
# Generates the SDKs for other languages from the committed schema (sdk/schema.json) with the
# real Pulumi CLI: `pulumi package gen-sdk sdk/schema.json --language <language> -o sdk/`, which
# writes sdk/<language>/.
#
#   scripts/generate-sdks.sh            regenerate sdk/python, sdk/go, sdk/dotnet
#   scripts/generate-sdks.sh --check    regenerate into a temporary directory and fail, listing
#                                       the files, if the committed SDKs differ from it
#
# Environment:
#   LLAMASTACK_SDK_LANGUAGES  languages to generate (default: "python go dotnet")
#   PULUMI                    the pulumi binary (default: `pulumi` on PATH, else
#                             $LLAMASTACK_TOOLCHAIN/bin/pulumi, which scripts/toolchain.sh builds)
#   LLAMASTACK_TOOLCHAIN      the toolchain cache (default: $HOME/.cache/llamastack-toolchain)
#
# The CLI generates each language with that language's host (pulumi-language-<language>), looked
# up next to the pulumi binary and on PATH. Run `npm run generate:schema` first when the API changed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
schema="$root/sdk/schema.json"
languages="${LLAMASTACK_SDK_LANGUAGES:-python go dotnet}"
toolchain="${LLAMASTACK_TOOLCHAIN:-$HOME/.cache/llamastack-toolchain}"

check=false
case "${1:-}" in
    --check) check=true ;;
    "") ;;
    *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

find_pulumi() {
    if [[ -n "${PULUMI:-}" ]]; then
        echo "$PULUMI"
    elif command -v pulumi >/dev/null 2>&1; then
        command -v pulumi
    elif [[ -x "$toolchain/bin/pulumi" ]]; then
        echo "$toolchain/bin/pulumi"
    fi
}

pulumi="$(find_pulumi)"
if [[ -z "$pulumi" || ! -x "$pulumi" ]]; then
    echo "no pulumi CLI: put it on PATH, set PULUMI, or build the toolchain (scripts/toolchain.sh)" >&2
    exit 1
fi
# Language hosts live beside the CLI in the toolchain.
export PATH="$(dirname "$pulumi"):$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# Generating from a schema file needs no state; keep the CLI away from the user's own.
export PULUMI_HOME="${PULUMI_HOME:-$scratch/home}"

out="$root/sdk"
if $check; then
    out="$scratch/sdk"
fi

cli_version="$("$pulumi" version)"
available=""
for language in $languages; do
    # The CLI generates each language with that language's host; one that is not installed is
    # skipped, loudly. (The toolchain builds all three; its pulumi-language-dotnet only generates.)
    if ! command -v "pulumi-language-$language" >/dev/null 2>&1; then
        echo "skipping $language: no pulumi-language-$language beside $pulumi or on PATH" >&2
        continue
    fi
    available="$available $language"
done
languages="${available# }"
if [[ -z "$languages" ]]; then
    echo "no language host found for any of the requested languages" >&2
    exit 1
fi

for language in $languages; do
    # gen-sdk empties <out>/<language> before writing it; its notes go to stderr.
    "$pulumi" package gen-sdk "$schema" --language "$language" --out "$out" >/dev/null 2>"$scratch/gen-sdk.log" || {
        cat "$scratch/gen-sdk.log" >&2
        exit 1
    }
    if [[ "$language" == go ]]; then
        # The generator writes no go.mod for a schema without Go options; without one, a program
        # cannot `replace` the SDK's import path (example.com/pulumi-llamastack/sdk/go/llamastack,
        # the generator's default) with this directory. Same layout as the generator's own go.mod
        # for packages that ask for one; the Go SDK version follows the CLI's.
        cat >"$out/go/go.mod" <<EOF
module example.com/pulumi-llamastack/sdk/go

go 1.26

require github.com/pulumi/pulumi/sdk/v3 $cli_version
EOF
    fi
done

if $check; then
    stale=()
    for language in $languages; do
        # The committed side is what git would commit (not build/ or *.egg-info from a pip install).
        committed="$(cd "$root" && git ls-files -co --exclude-standard -- "sdk/$language" | sed "s|^sdk/$language/||" | sort)"
        generated="$(cd "$out/$language" && find . -type f | sed 's|^\./||' | sort)"
        differing="$(
            comm -3 <(echo "$committed") <(echo "$generated") | sed 's/^\t*/  only on one side: /'
            comm -12 <(echo "$committed") <(echo "$generated") | while read -r f; do
                cmp -s "$root/sdk/$language/$f" "$out/$language/$f" || echo "  differs: $f"
            done
        )"
        if [[ -n "$differing" ]]; then
            stale+=("$language")
            echo "sdk/$language:" >&2
            echo "$differing" | head -n 20 >&2
        fi
    done
    if ((${#stale[@]} > 0)); then
        echo "out of date: sdk/{${stale[*]}}; run scripts/generate-sdks.sh (after npm run generate:schema)" >&2
        exit 1
    fi
    echo "sdk/{${languages// /,}} are up to date with sdk/schema.json"
else
    echo "generated sdk/{${languages// /,}} from sdk/schema.json with pulumi $cli_version"
fi
