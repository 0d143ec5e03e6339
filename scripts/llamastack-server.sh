#!/usr/bin/env bash
# Installs the llama-stack server pinned in scripts/llamastack-server/requirements.txt into a cached
# virtualenv and prints the venv's python (the one line on stdout; progress goes to stderr).
#
# The venv lives in ${LLAMASTACK_SERVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/llamastack-server}/<version>-<hash>,
# where <hash> is the requirements file's, so a changed pin gets a fresh venv and an unchanged one is
# reused (idempotent: a venv counts only once its `.complete` marker exists; a half-built one is
# replaced). Every package is pinned with `==` and installed with --no-deps, so the file is the whole
# environment; `pip check` then confirms it is consistent.
#
# Environment:
#   LLAMASTACK_PYTHON        interpreter to build the venv from (default: python3.11)
#   LLAMASTACK_SERVER_CACHE  cache root (default: $XDG_CACHE_HOME/llamastack-server). The server runs as
#                            uid 1001 in tests, so that user must be able to read and execute the venv
#                            and the interpreter's own installation (a venv keeps using its stdlib).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
requirements="$here/llamastack-server/requirements.txt"
python="${LLAMASTACK_PYTHON:-python3.11}"

version="$(sed -n 's/^llama[-_]stack==\(.*\)$/\1/p' "$requirements")"
if [[ -z "$version" ]]; then
    echo "llamastack-server: no llama-stack==<version> line in $requirements" >&2
    exit 1
fi
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' 2>/dev/null; then
    echo "llamastack-server: $python is not CPython 3.11 (set LLAMASTACK_PYTHON)" >&2
    exit 1
fi
# The venv depends on the pins and on the interpreter it is built from (its stdlib stays outside).
interpreter="$("$python" -c 'import os, sys; print(os.path.realpath(sys.executable), sys.version)')"
hash="$( { cat "$requirements"; echo "$interpreter"; } | sha256sum | cut -c1-12)"
root="${LLAMASTACK_SERVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/llamastack-server}"
venv="$root/$version-$hash"

if [[ -f "$venv/.complete" && -x "$venv/bin/python" ]]; then
    echo "$venv/bin/python"
    exit 0
fi

mkdir -p "$root"
# Build beside the final place and rename, so a crash never leaves a venv that looks finished.
staging="$(mktemp -d "$root/.staging-$version-XXXXXX")"
trap 'rm -rf "$staging"' EXIT
start=$SECONDS
echo "llamastack-server: installing llama-stack $version into $venv" >&2
"$python" -m venv "$staging"
nice "$staging/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --no-deps -r "$requirements" >&2
"$staging/bin/python" -m pip check >&2
# The server module (llama_stack.core.server.server from 0.2.17 on) imports its providers' libraries.
"$staging/bin/python" -W ignore -c 'import llama_stack.distribution.server.server'
# Only the console scripts (pip, llama) record the staging path; bin/python finds the venv through
# pyvenv.cfg beside it, so the moved venv works as long as callers use `bin/python -m ...`.
rm -rf "$venv"
mv "$staging" "$venv"
trap - EXIT
chmod -R a+rX "$venv"
touch "$venv/.complete"
echo "llamastack-server: installed in $((SECONDS - start)) s" >&2
echo "$venv/bin/python"
