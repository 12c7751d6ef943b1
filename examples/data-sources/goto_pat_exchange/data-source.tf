# The personal access token comes from GOTO_PAT: left out of the configuration,
# it stays out of the state too. The http provider cannot take ephemeral
# values, so the short-lived access token is stored in the state, marked
# sensitive; consumers that can take them should use the ephemeral resource.
data "goto_pat_exchange" "admin" {}

variable "goto_api_url" {
  description = "Base URL of the GoTo APIs."
  type        = string
  default     = "https://api.getgo.com"
}

data "http" "me" {
  url = "${var.goto_api_url}/admin/rest/v1/me"

  request_headers = {
    Accept        = "application/json"
    Authorization = data.goto_pat_exchange.admin.authorization_header
  }
}

output "goto_admin" {
  value = {
    email      = jsondecode(data.http.me.body).email
    scopes     = data.goto_pat_exchange.admin.scopes
    expires_at = data.goto_pat_exchange.admin.expires_at
  }
}
