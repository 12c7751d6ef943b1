# The personal access token comes from GOTO_PAT, and the OAuth client from
# GOTO_CLIENT_ID and GOTO_CLIENT_SECRET, so no secret is written here. The
# access token exists only while Terraform runs: neither the plan nor the
# state holds it.
ephemeral "goto_pat_exchange" "admin" {}

variable "goto_api_url" {
  description = "Base URL of the GoTo APIs."
  type        = string
  default     = "https://api.getgo.com"
}

# A script run during apply receives the token through its environment; this
# one stops the apply early if the token does not work. Terraform hides the
# script's output, because the token is ephemeral.
resource "terraform_data" "goto_admin_check" {
  provisioner "local-exec" {
    command = "curl -fsS -o /dev/null -H \"Authorization: $GOTO_AUTHORIZATION\" \"$GOTO_API_URL/admin/rest/v1/me\""
    environment = {
      GOTO_AUTHORIZATION = ephemeral.goto_pat_exchange.admin.authorization_header
      GOTO_API_URL       = var.goto_api_url
    }
  }
}
