# A GoTo access or refresh token, for example
# goto_authorization_code_exchange.admin.refresh_token.
variable "goto_token" {
  type      = string
  sensitive = true
}

# The claims are decoded, not verified: use them to inspect a token. The result
# is sensitive because the token is; nonsensitive() releases the parts that
# are safe to show.
locals {
  goto_claims = provider::goto::token_claims(var.goto_token)
}

output "goto_token_expires_at" {
  value = nonsensitive(local.goto_claims.expires_at)
}

output "goto_token_user" {
  value = nonsensitive(local.goto_claims.sub)
}

output "goto_token_scopes" {
  value = nonsensitive(local.goto_claims.scopes)
}
