# An infra repository's view of GoTo: exchange a personal access token for an
# access token at plan time and call a GoTo API with it through the http
# provider. `make demo` runs it against a local mock GoTo server; pointed at
# GoTo itself, only the environment changes:
#
#   export GOTO_CLIENT_ID=...      # OAuth client from the GoTo Developer Center
#   export GOTO_CLIENT_SECRET=...  # its secret
#   export GOTO_PAT=...            # a personal access token (GoTo Admin > Personal access tokens)
#   terraform apply
#
# No secret is written here: the provider reads them from the environment, so
# neither this file nor the state holds the client secret or the PAT. Only the
# short-lived access token (sensitive) lands in the state, because the http
# provider's data source cannot take an ephemeral value; a consumer that can
# (a provider block, a write-only attribute) should use
# `ephemeral "goto_pat_exchange"` instead, which keeps the token out of state.

terraform {
  required_version = ">= 1.10"

  required_providers {
    goto = {
      source = "goto-community/goto"
    }
    http = {
      source  = "hashicorp/http"
      version = ">= 1.2.0"
    }
  }
}

variable "goto_api_url" {
  description = "Base URL of the GoTo APIs."
  type        = string
  default     = "https://api.getgo.com"
}

provider "goto" {
  api_url = var.goto_api_url
}

data "goto_pat_exchange" "admin" {}

# Who the token acts for, from GoTo's SCIM API.
data "goto_identity" "admin" {
  access_token = data.goto_pat_exchange.admin.access_token
}

data "http" "me" {
  url = "${var.goto_api_url}/admin/rest/v1/me"

  request_headers = {
    Accept        = "application/json"
    Authorization = data.goto_pat_exchange.admin.authorization_header
  }
}

locals {
  me = jsondecode(data.http.me.body)
}

output "principal" {
  description = "The user the access token acts for."
  value       = data.goto_pat_exchange.admin.principal
}

output "token" {
  description = "What was granted; the token itself is sensitive and not shown."
  value = {
    scopes     = data.goto_pat_exchange.admin.scopes
    expires_at = data.goto_pat_exchange.admin.expires_at
  }
}

output "account_key" {
  description = "The account key, found through goto_identity."
  value       = data.goto_identity.admin.account_key
}

output "me" {
  description = "GoTo Admin's answer to GET /admin/rest/v1/me."
  value = {
    email       = local.me.email
    name        = "${local.me.firstName} ${local.me.lastName}"
    user_key    = tostring(local.me.key)
    account_key = tostring(local.me.accountKey)
    admin_roles = local.me.adminRoles
  }
}
