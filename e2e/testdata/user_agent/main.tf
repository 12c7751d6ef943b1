# One personal access token exchange, for what the provider sends with it.
# The client secret and the PAT come from GOTO_CLIENT_SECRET and GOTO_PAT.

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

provider "goto" {
  client_id = "demo-client"
  token_url = "${var.base_url}/oauth/token"
}

data "goto_pat_exchange" "ci" {}
