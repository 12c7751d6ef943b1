# Exchanges the CI user's personal access token and checks what it grants.
# It holds no ephemeral resource, so tests/unit.tftest.hcl can run it under
# a mocked provider with any CLI (Terraform cannot mock ephemeral resources).

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
}

# Reads GOTO_PAT, GOTO_CLIENT_ID, GOTO_CLIENT_SECRET and GOTO_TOKEN_URL.
data "goto_pat_exchange" "ci" {}

output "principal" {
  description = "The user the token acts for."
  value       = data.goto_pat_exchange.ci.principal
}

output "scopes" {
  description = "The scopes the token grants."
  value       = data.goto_pat_exchange.ci.scopes

  precondition {
    condition     = contains(data.goto_pat_exchange.ci.scopes, var.required_scope)
    error_message = "The personal access token does not grant ${var.required_scope}: create one that does."
  }
}

output "expires_at" {
  description = "When the token expires (RFC 3339, UTC)."
  value       = data.goto_pat_exchange.ci.expires_at
}

output "authorization_header" {
  description = "The Authorization header value for GoTo API calls."
  value       = data.goto_pat_exchange.ci.authorization_header
  sensitive   = true
}
