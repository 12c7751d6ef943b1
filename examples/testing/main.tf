# A module that uses the goto provider as an infra repository would, with
# tests that `terraform test` (or `tofu test`) runs from this directory after
# `terraform init` (offline with dev_overrides: `terraform get`):
#
#   tests/unit.tftest.hcl         mocks the provider: no server, no credentials
#   tests/integration.tftest.hcl  exchanges real tokens with goto-mock-server
#                                 (or GoTo), configured only through GOTO_*
#
# The guide "Testing with the mock server" shows how CI runs both.

terraform {
  required_version = ">= 1.10"

  required_providers {
    goto = {
      source = "goto-community/goto"
    }
  }
}

variable "required_scope" {
  description = "A scope the personal access token must grant."
  type        = string
  default     = "identity:scim.me"
}

# The PAT exchange as an ephemeral resource: its token never reaches the plan
# or the state.
ephemeral "goto_pat_exchange" "api" {}

# A provider block is an ephemeral context: this configuration reads GoTo's
# APIs (at GOTO_API_URL) with the ephemeral token.
provider "goto" {
  alias        = "api"
  access_token = ephemeral.goto_pat_exchange.api.access_token
}

module "token" {
  source = "./modules/token"

  providers = {
    goto     = goto
    goto.api = goto.api
  }

  required_scope = var.required_scope
}

output "principal" {
  description = "The user the token acts for."
  value       = module.token.principal
}

output "scopes" {
  description = "The scopes the token grants."
  value       = module.token.scopes
}

output "expires_at" {
  description = "When the token expires (RFC 3339, UTC)."
  value       = module.token.expires_at
}

output "email" {
  description = "The email address of the user the API token acts for."
  value       = module.token.email
}

output "organizer_key" {
  description = "The user's key, for GoTo Meeting and GoTo Webinar paths."
  value       = module.token.organizer_key
}

output "account_key" {
  description = "The user's first account key, for Admin API paths."
  value       = module.token.account_key
}
