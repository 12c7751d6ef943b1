# One stack of a fleet: many copies of this configuration are planned at once,
# as Terragrunt run-all or Atlantis would, all with the same credentials. Each
# exchange's token is checked against the mock's who-am-i endpoint (the http
# provider fails on any status but 200), so a token revoked by another stack's
# direct login fails the plan. Secrets come from
# GOTO_* environment variables.

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

variable "exchanges" {
  description = "Which exchanges the stack makes: any of \"pat\", \"refresh_token\" and \"direct_login\"."
  type        = set(string)
}

provider "goto" {
  token_url = "${var.base_url}/oauth/token"
}

provider "goto" {
  alias            = "assist"
  client_id        = var.consumer_key
  direct_login_url = "${var.base_url}/oauth/access_token"
}

data "goto_pat_exchange" "alice" {
  count = contains(var.exchanges, "pat") ? 1 : 0
}

data "goto_refresh_token_exchange" "bob" {
  count = contains(var.exchanges, "refresh_token") ? 1 : 0
}

data "goto_direct_login" "carol" {
  count    = contains(var.exchanges, "direct_login") ? 1 : 0
  provider = goto.assist
  user_id  = var.direct_login_user
}

locals {
  authorization = merge(
    { for d in data.goto_pat_exchange.alice : "pat" => d.authorization_header },
    { for d in data.goto_refresh_token_exchange.bob : "refresh_token" => d.authorization_header },
    { for d in data.goto_direct_login.carol : "direct_login" => d.authorization_header },
  )
}

data "http" "me" {
  for_each = var.exchanges

  url = "${var.base_url}/identity/v1/Users/me"
  request_headers = {
    Authorization = local.authorization[each.key]
  }
}
