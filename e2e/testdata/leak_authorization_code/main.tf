# An authorization code redeemed by goto_authorization_code_exchange. The code
# comes from an ephemeral variable (set through TF_VAR_code), so neither the
# plan nor the state can keep it; the client secret comes from
# GOTO_CLIENT_SECRET.

terraform {
  required_providers {
    goto = {
      source = "goto-community/goto"
    }
  }
}

variable "base_url" {
  description = "Where GoTo (here, the mock server) answers."
  type        = string
}

variable "redirect_uri" {
  description = "The redirect URI the code was issued for."
  type        = string
}

variable "code" {
  description = "The authorization code from the redirect after sign-in."
  type        = string
  ephemeral   = true
  sensitive   = true
}

# client_id and client_secret come from GOTO_CLIENT_ID and GOTO_CLIENT_SECRET.
provider "goto" {
  token_url  = "${var.base_url}/oauth/token"
  revoke_url = "${var.base_url}/oauth/revoke"
}

# Destroy revokes the stored refresh token: the revocation request carries it.
resource "goto_authorization_code_exchange" "this" {
  code_wo           = var.code
  code_wo_version   = "1"
  redirect_uri      = var.redirect_uri
  revoke_on_destroy = true
}

output "principal" {
  value = goto_authorization_code_exchange.this.principal
}
