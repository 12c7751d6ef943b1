#!/usr/bin/env bash
# Prints the provider's schema as `providers schema -json` reports it, for
# `tfplugindocs generate --providers-schema`. $1 is a terraform or tofu binary.
# No network is needed: the provider is built into a local plugin directory under
# the address tfplugindocs looks up (registry.terraform.io/hashicorp/goto), which
# both CLIs accept (tofu would resolve a bare "goto" against its own registry).
set -euo pipefail
cli="${1:?usage: providers-schema.sh TERRAFORM_OR_TOFU_BINARY}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

plugin="$work/plugins/registry.terraform.io/hashicorp/goto/0.0.1/$(go env GOOS)_$(go env GOARCH)"
mkdir -p "$plugin"
(cd "$root" && go build -o "$plugin/terraform-provider-goto" .)

cat >"$work/main.tf" <<'TF'
terraform {
  required_providers {
    goto = { source = "registry.terraform.io/hashicorp/goto" }
  }
}
TF

# An empty CLI configuration keeps the user's own (dev_overrides, mirrors) out of it.
: >"$work/cli.tfrc"
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
"$cli" -chdir="$work" init -input=false -backend=false -plugin-dir="$work/plugins" >"$work/init.log" 2>&1 ||
  { cat "$work/init.log" >&2; exit 1; }
"$cli" -chdir="$work" providers schema -json
