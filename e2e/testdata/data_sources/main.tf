# Each exchange's data source feeds the hashicorp/http provider, which calls
# GoTo's who-am-i endpoints with the token. Client secret, PAT, refresh token
# and password come from GOTO_* environment variables, so none of them is
# written in this file.

terraform {
  required_providers {
    goto = {
      source = "goto-community/goto"
    }
    http = {
      source = "hashicorp/http"
    }
  }
}

variable "base_url" {
  description = "Where GoTo (here, the mock server) answers."
  type        = string
}

variable "consumer_key" {
  description = "The GoToAssist Corporate application's consumer key, for direct login."
  type        = string
}

variable "direct_login_user" {
  description = "The user id for direct login; the password comes from GOTO_PASSWORD."
  type        = string
}

# client_id and client_secret come from GOTO_CLIENT_ID and GOTO_CLIENT_SECRET.
provider "goto" {
  token_url = "${var.base_url}/oauth/token"
}

# Direct login revokes every other token of its application, so it gets an
# application of its own.
provider "goto" {
  alias            = "assist"
  client_id        = var.consumer_key
  direct_login_url = "${var.base_url}/oauth/access_token"
}

data "goto_pat_exchange" "alice" {}

data "goto_refresh_token_exchange" "bob" {}

data "goto_direct_login" "carol" {
  provider = goto.assist
  user_id  = var.direct_login_user
}

locals {
  authorization = {
    pat           = data.goto_pat_exchange.alice.authorization_header
    refresh_token = data.goto_refresh_token_exchange.bob.authorization_header
    direct_login  = data.goto_direct_login.carol.authorization_header
  }
  apis = {
    admin    = "/admin/rest/v1/me"
    identity = "/identity/v1/Users/me"
  }
  calls = {
    for pair in setproduct(["pat", "refresh_token", "direct_login"], keys(local.apis)) :
    "${pair[0]}-${pair[1]}" => { exchange = pair[0], path = local.apis[pair[1]] }
  }
}

data "http" "me" {
  for_each = local.calls

  url = "${var.base_url}${each.value.path}"
  request_headers = {
    Authorization = local.authorization[each.value.exchange]
  }
}

output "me" {
  description = "Each who-am-i answer, keyed by exchange and API."
  value       = { for call, response in data.http.me : call => jsondecode(response.body) }
}

output "principals" {
  value = {
    pat           = data.goto_pat_exchange.alice.principal
    refresh_token = data.goto_refresh_token_exchange.bob.principal
    direct_login  = data.goto_direct_login.carol.principal
  }
}

output "direct_login_organizer_key" {
  value = data.goto_direct_login.carol.organizer_key
}
