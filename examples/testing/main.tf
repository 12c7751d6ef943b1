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
  required_version = ">= 1.11"

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

module "token" {
  source = "./modules/token"

  required_scope = var.required_scope
}

# The same exchange as an ephemeral resource: its token never reaches the
# plan or the state.
ephemeral "goto_pat_exchange" "deploy" {}

# Uses the ephemeral token during apply: the who-am-i call fails the apply
# when GoTo refuses the token. GOTO_API_URL points it at the mock server.
resource "terraform_data" "identity_check" {
  provisioner "local-exec" {
    command = "curl -fsS -o /dev/null -H \"Authorization: $GOTO_AUTHORIZATION\" \"$${GOTO_API_URL:-https://api.getgo.com}/identity/v1/Users/me\""
    environment = {
      GOTO_AUTHORIZATION = ephemeral.goto_pat_exchange.deploy.authorization_header
    }
  }
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
