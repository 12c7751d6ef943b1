# GoToAssist Corporate direct login. The provider's client_id (GOTO_CLIENT_ID)
# is the application's consumer key, and the password comes from
# GOTO_PASSWORD, so no secret is written here. The access token exists only
# while Terraform runs: neither the plan nor the state holds it.
variable "goto_user_id" {
  description = "The GoToAssist Corporate user to sign in as, usually an email address."
  type        = string
}

ephemeral "goto_direct_login" "support" {
  user_id = var.goto_user_id
}

variable "goto_api_url" {
  description = "Base URL of the GoTo APIs."
  type        = string
  default     = "https://api.getgo.com"
}

# A script run during apply receives the token through its environment; this
# one stops the apply early if the token does not work. Terraform hides the
# script's output, because the token is ephemeral.
resource "terraform_data" "goto_support_check" {
  provisioner "local-exec" {
    command = "curl -fsS -o /dev/null -H \"Authorization: $GOTO_AUTHORIZATION\" \"$GOTO_API_URL/admin/rest/v1/me\""
    environment = {
      GOTO_AUTHORIZATION = ephemeral.goto_direct_login.support.authorization_header
      GOTO_API_URL       = var.goto_api_url
    }
  }
}
