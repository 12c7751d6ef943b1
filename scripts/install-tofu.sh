#!/usr/bin/env bash
# Builds OpenTofu from its Go module into a cache outside the repository and
# prints the binary's path. The registry cannot be reached, so it is built from
# source: `go install` refuses the module because its go.mod has a replace.
set -euo pipefail
version="${TOFU_VERSION:-1.12.6}"
cache="${GOTO_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-goto}"
bin="$cache/tofu-$version/tofu"
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi
dir=$(GOFLAGS=-mod=mod go mod download -json "github.com/opentofu/opentofu@v$version" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$dir" ] || { echo "could not download github.com/opentofu/opentofu@v$version" >&2; exit 1; }
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
cp -r "$dir/." "$work/"
chmod -R u+w "$work"
mkdir -p "$(dirname "$bin")"
# version.dev=no makes `tofu version` report the release, not -dev.
(cd "$work" && go build -o "$bin.tmp" -ldflags "-X github.com/opentofu/opentofu/version.dev=no" ./cmd/tofu) >&2
[ "$(env -u TF_CLI_CONFIG_FILE "$bin.tmp" version 2>/dev/null | head -n 1)" = "OpenTofu v$version" ] ||
  { echo "the build does not report OpenTofu v$version:" >&2; "$bin.tmp" version >&2; exit 1; }
mv "$bin.tmp" "$bin"
echo "$bin"
