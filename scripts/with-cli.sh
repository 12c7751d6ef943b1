#!/usr/bin/env bash
# Runs a command with TF_ACC=1 and the CLI the acceptance and end-to-end tests
# should use: TF_ACC_TERRAFORM_PATH if set, else terraform on the PATH, else
# OpenTofu built from its Go module. GOTO_CLI=tofu picks that OpenTofu build
# whatever else is installed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cli="${TF_ACC_TERRAFORM_PATH:-}"
if [ "${GOTO_CLI:-}" = tofu ]; then
  cli="$("$here/install-tofu.sh")"
elif [ -z "$cli" ]; then
  cli="$(command -v terraform || "$here/install-tofu.sh")"
fi
export TF_ACC=1 TF_ACC_TERRAFORM_PATH="$cli"
if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -e "$TF_CLI_CONFIG_FILE" ]; then
  # OpenTofu prints its warning about a missing CLI configuration on stdout,
  # where terraform-plugin-testing reads the version.
  unset TF_CLI_CONFIG_FILE
fi
if "$cli" version 2>/dev/null | grep -q OpenTofu; then
  export TF_ACC_PROVIDER_HOST=registry.opentofu.org
fi
echo "CLI for acceptance tests: $("$cli" version 2>/dev/null | head -n 1) ($cli)" >&2
exec "$@"
