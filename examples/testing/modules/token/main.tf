# Exchanges the CI user's personal access token, checks what it grants, and
# reads who it acts for. It holds no ephemeral resource, so
# tests/unit.tftest.hcl can run it under mocked providers with any CLI
# (Terraform cannot mock ephemeral resources).

terraform {
  required_version = ">= 1.10"

  required_providers {
    goto = {
      source = "goto-community/goto"
      # goto.api reads GoTo's APIs with an access token of its own.
      configuration_aliases = [goto.api]
    }
  }
}

variable "required_scope" {
  description = "A scope the personal access token must grant."
  type        = string
}

# Reads GOTO_PAT, GOTO_CLIENT_ID, GOTO_CLIENT_SECRET and GOTO_TOKEN_URL.
data "goto_pat_exchange" "ci" {}

# Reads GOTO_API_URL, with the token goto.api was given.
data "goto_identity" "me" {
  provider = goto.api
}

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

output "email" {
  description = "The email address of the user goto.api's token acts for."
  value       = data.goto_identity.me.email
}

output "organizer_key" {
  description = "The user's key, as GoTo Meeting and GoTo Webinar paths need it."
  value       = data.goto_identity.me.organizer_key
}

output "account_key" {
  description = "The user's first account key, as Admin API paths need it."
  value       = data.goto_identity.me.account_key
}
