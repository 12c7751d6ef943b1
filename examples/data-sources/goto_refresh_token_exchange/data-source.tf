# The refresh token comes from GOTO_REFRESH_TOKEN: left out of the
# configuration, it stays out of the state too. The http provider cannot take
# ephemeral values, so the short-lived access token is stored in the state,
# marked sensitive; consumers that can take them should use the ephemeral
# resource.
data "goto_refresh_token_exchange" "admin" {}

variable "goto_api_url" {
  description = "Base URL of the GoTo APIs."
  type        = string
  default     = "https://api.getgo.com"
}

data "http" "scim_me" {
  url = "${var.goto_api_url}/identity/v1/Users/me"

  request_headers = {
    Accept        = "application/scim+json"
    Authorization = data.goto_refresh_token_exchange.admin.authorization_header
  }
}

output "goto_user" {
  value = jsondecode(data.http.scim_me.body).userName
}

# GoTo replaces a refresh token near the end of its 30-day life. When that
# happens, goto_refresh_token_rotated is true and goto_new_refresh_token holds
# the new token: store it where GOTO_REFRESH_TOKEN comes from, for example from
# `terraform output -raw goto_new_refresh_token` in CI. Without a rotation it
# is null, and the token you have stays in use.
output "goto_refresh_token_rotated" {
  value = data.goto_refresh_token_exchange.admin.refresh_token_rotated
}

output "goto_new_refresh_token" {
  value     = data.goto_refresh_token_exchange.admin.latest_refresh_token
  sensitive = true
}
