#!/usr/bin/env bash
# Builds the hashicorp/http provider from its Go module into a cache outside
# the repository and prints the directory holding terraform-provider-http, for
# a dev_overrides entry. The registry cannot be reached, so it is built from
# source; the module's zip has no vendor tree, so its dependencies come from
# the Go module proxy (-mod=mod). With --cached it only prints the directory
# of an earlier build, and fails when there is none.
set -euo pipefail
version="${HTTP_PROVIDER_VERSION:-1.2.0}"
cache="${GOTO_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-goto}"
dir="$cache/http-v$version"
bin="$dir/terraform-provider-http"
if [ -x "$bin" ]; then
  echo "$dir"
  exit 0
fi
[ "${1:-}" != --cached ] || exit 1
module="github.com/terraform-providers/terraform-provider-http@v$version"
src=$(GOFLAGS=-mod=mod go mod download -json "$module" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$src" ] || { echo "could not download $module" >&2; exit 1; }
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
cp -r "$src/." "$work/"
chmod -R u+w "$work"
mkdir -p "$dir"
(cd "$work" && GOWORK=off GOFLAGS=-mod=mod go build -o "$bin.tmp" .) >&2
mv "$bin.tmp" "$bin"
echo "$dir"
