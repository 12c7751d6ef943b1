# Each exchange's data source, with every long-lived secret taken from GOTO_*
# environment variables, so none is written here or passed with -var. Only
# non-secret results leave the data sources.

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

output "principals" {
  value = {
    pat           = data.goto_pat_exchange.alice.principal
    refresh_token = data.goto_refresh_token_exchange.bob.principal
    direct_login  = data.goto_direct_login.carol.principal
  }
}
