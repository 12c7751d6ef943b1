# GoToAssist Corporate direct login. The provider's client_id (GOTO_CLIENT_ID)
# is the application's consumer key, and the password comes from
# GOTO_PASSWORD: left out of the configuration, it stays out of the state too.
# The http provider cannot take ephemeral values, so the short-lived access
# token is stored in the state, marked sensitive; consumers that can take them
# should use the ephemeral resource.
variable "goto_user_id" {
  description = "The GoToAssist Corporate user to sign in as, usually an email address."
  type        = string
}

data "goto_direct_login" "support" {
  user_id = var.goto_user_id
}

variable "goto_api_url" {
  description = "Base URL of the GoTo APIs."
  type        = string
  default     = "https://api.getgo.com"
}

data "http" "me" {
  url = "${var.goto_api_url}/admin/rest/v1/me"

  request_headers = {
    Accept        = "application/json"
    Authorization = data.goto_direct_login.support.authorization_header
  }
}

output "goto_support_user" {
  value = {
    name          = "${data.goto_direct_login.support.first_name} ${data.goto_direct_login.support.last_name}"
    organizer_key = data.goto_direct_login.support.organizer_key
    me            = jsondecode(data.http.me.body).email
  }
}
