#!/usr/bin/env bash
# Builds the goto-mock-server container image ($1) with podman from the
# static binary and checks what users rely on: the entrypoint, a non-root
# user, port 8080 exposed and the listen address 0.0.0.0:8080. Containers
# cannot run on every CI machine, so the checks read the image's config.
set -euo pipefail
image="${1:?usage: scripts/build-image.sh IMAGE}"
cd "$(dirname "$0")/.."
arch=$(go env GOARCH)
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
GOOS=linux GOARCH="$arch" scripts/build-mock-server.sh "$context/linux/$arch/goto-mock-server"
podman build --quiet --platform "linux/$arch" --file cmd/goto-mock-server/Dockerfile --tag "$image" "$context" >/dev/null

inspect() { podman image inspect --format "$1" "$image"; }
fail=0
check() {
  local what=$1 got=$2 want=$3
  if [ "$got" = "$want" ]; then
    echo "$image: $what $got"
  else
    echo "$image: $what is $got, want $want" >&2
    fail=1
  fi
}
check entrypoint "$(inspect '{{json .Config.Entrypoint}}')" '["/goto-mock-server"]'
check user "$(inspect '{{.Config.User}}')" "65532:65532"
check "exposed ports" "$(inspect '{{json .Config.ExposedPorts}}')" '{"8080/tcp":{}}'
check "listen address" "$(inspect '{{range .Config.Env}}{{println .}}{{end}}' | sed -n 's/^GOTO_MOCK_LISTEN=//p')" "0.0.0.0:8080"
check platform "$(inspect '{{.Os}}/{{.Architecture}}')" "linux/$arch"
# The image holds the binary alone: one layer, no shell to fall back on.
check layers "$(inspect '{{len .RootFS.Layers}}')" 1
exit "$fail"
