#!/usr/bin/env bash
# Prints the path of Terraform TERRAFORM_VERSION (default 1.13.3): terraform on
# the PATH when it is that version, else a build from its Go module, made once
# into a cache outside the repository. The module download lacks the
# remote-state backends, which are nested modules, so the build drops them
# (their imports and registrations in internal/backend/init/init.go, their
# require and replace lines in go.mod); the local backend, which the tests use,
# stays. version.dev=no makes `terraform version` report the release, not -dev.
set -euo pipefail
version="${TERRAFORM_VERSION:-1.13.3}"
cache="${GOTO_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-goto}"
bin="$cache/terraform-$version/terraform"
reports() { [ "$(env -u TF_CLI_CONFIG_FILE CHECKPOINT_DISABLE=1 "$1" version 2>/dev/null | head -n 1)" = "Terraform v$version" ]; }
if path=$(command -v terraform) && reports "$path"; then
  echo "$path"
  exit 0
fi
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi
module=github.com/hashicorp/terraform
dir=$(GOFLAGS=-mod=mod go mod download -json "$module@v$version" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -n "$dir" ] || { echo "could not download $module@v$version" >&2; exit 1; }
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
cp -r "$dir/." "$work/"
chmod -R u+w "$work"
cd "$work"

# Nested modules: `replace <path> => ./<dir>` whose directory the download lacks.
init=internal/backend/init/init.go
sed -n 's|^replace \([^ ]*\) => \./\([^ ]*\)$|\1 \2|p' go.mod | while read -r path local; do
  [ -e "$local" ] && continue
  quoted=$(printf '%s' "$path" | sed 's|[./]|\\&|g')
  sed -i -e "/^[[:space:]]*$quoted v/d" -e "/^replace $quoted =>/d" go.mod
  alias=$(sed -n "s|^[[:space:]]*\([A-Za-z0-9_]*\) \"$quoted\"$|\1|p" "$init")
  if [ -n "$alias" ]; then
    sed -i -e "/\"$quoted\"$/d" -e "/[^A-Za-z0-9_]$alias\./d" "$init"
  fi
done

# Terraform 1.11 pins the godebug setting tlskyber, which the Go in use here
# (1.26) no longer knows and refuses in a go.mod.
sed -i '/^godebug tlskyber=/d' go.mod

mkdir -p "$(dirname "$bin")"
go build -o "$bin.tmp" -ldflags "-X $module/version.dev=no" . >&2
reports "$bin.tmp" || { echo "the build does not report Terraform v$version:" >&2; "$bin.tmp" version >&2; exit 1; }
mv "$bin.tmp" "$bin"
echo "$bin"
