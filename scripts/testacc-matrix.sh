#!/usr/bin/env bash
# Runs the acceptance and end-to-end suites under each CLI named in the
# arguments (default: every tested version), as terraform-X.Y.Z or tofu-X.Y.Z.
# Terraform comes from scripts/install-terraform.sh (the PATH one when it is
# that version, else built once into the cache), OpenTofu from
# scripts/install-tofu.sh. Every CLI runs even after a failure; the summary
# names the ones that failed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."
[ $# -gt 0 ] || set -- terraform-1.10.5 terraform-1.11.4 terraform-1.13.3 tofu-1.12.6
failed=()
for name in "$@"; do
  case "$name" in
    terraform-*) cli=$(TERRAFORM_VERSION="${name#terraform-}" "$here/install-terraform.sh") ;;
    tofu-*) cli=$(TOFU_VERSION="${name#tofu-}" "$here/install-tofu.sh") ;;
    *) echo "unknown CLI \"$name\": use terraform-X.Y.Z or tofu-X.Y.Z" >&2; exit 2 ;;
  esac
  echo "==> $name"
  if ! TF_ACC_TERRAFORM_PATH="$cli" GOTO_CLI= "$here/with-cli.sh" \
    go test -count=1 -timeout 60m ./internal/provider/... ./e2e/...; then
    failed+=("$name")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed under: ${failed[*]}" >&2
  exit 1
fi
echo "passed under: $*"
