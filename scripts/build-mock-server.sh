#!/usr/bin/env bash
# Builds goto-mock-server into $1 as a static binary, the way goreleaser
# builds it for archives and the container image: no cgo, -trimpath,
# stripped. The image (make image) and the end-to-end tests run this build.
# GOOS and GOARCH come from the environment, as for go build.
set -euo pipefail
out="${1:?usage: scripts/build-mock-server.sh OUTPUT}"
cd "$(dirname "$0")/.."
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out" ./cmd/goto-mock-server
