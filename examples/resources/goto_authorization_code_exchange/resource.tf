terraform {
  required_version = ">= 1.11" # write-only attributes

  required_providers {
    goto = {
      source = "goto-community/goto"
    }
  }
}

# The code from the redirect after sign-in. Pass it for one apply, for example
# with TF_VAR_goto_code=..., within about ten minutes of signing in. Being
# ephemeral, it is kept out of plan files, and it may be left unset afterwards.
variable "goto_code" {
  type      = string
  ephemeral = true
  default   = null
}

resource "goto_authorization_code_exchange" "admin" {
  code_wo         = var.goto_code
  code_wo_version = "1" # change this whenever you pass a new code
  redirect_uri    = "https://localhost:8080/callback"

  # Revokes the refresh token at GoTo when the resource is destroyed.
  revoke_on_destroy = true

  # Keeps the stored refresh token if a new code is refused.
  lifecycle {
    create_before_destroy = true
  }
}

# Fresh access tokens from the stored refresh token, on every run.
ephemeral "goto_refresh_token_exchange" "admin" {
  refresh_token = goto_authorization_code_exchange.admin.refresh_token
}
