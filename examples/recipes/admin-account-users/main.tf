# The users of the account a GoTo admin belongs to, through the Admin API:
# goto_identity names the account (account_key), and
# GET /admin/rest/v1/accounts/{accountKey}/users lists its users. The personal
# access token (GOTO_PAT) must belong to an admin of that account.
terraform {
  required_version = ">= 1.10"

  required_providers {
    goto = {
      source = "goto-community/goto"
    }
    http = {
      source = "hashicorp/http"
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

# The exchange's data source keeps the token in the state anyway, so passing
# it as an argument adds no secret there.
data "goto_identity" "admin" {
  access_token = data.goto_pat_exchange.admin.access_token
}

data "http" "account_users" {
  url = "${var.goto_api_url}/admin/rest/v1/accounts/${data.goto_identity.admin.account_key}/users"

  request_headers = {
    Accept        = "application/json"
    Authorization = data.goto_pat_exchange.admin.authorization_header
  }
}

output "goto_account_users" {
  description = "Email address and user key of each user of the account."
  value = {
    for u in jsondecode(data.http.account_users.body).results : u.email => tostring(u.key)
  }
}
