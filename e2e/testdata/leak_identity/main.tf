# goto_identity by both token paths, with the exchanged token revoked when
# Terraform is done with it. Every secret comes from GOTO_* variables.

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

# client_id and client_secret come from GOTO_CLIENT_ID and GOTO_CLIENT_SECRET,
# the PAT from GOTO_PAT.
provider "goto" {
  token_url  = "${var.base_url}/oauth/token"
  api_url    = var.base_url
  revoke_url = "${var.base_url}/oauth/revoke"
}

ephemeral "goto_pat_exchange" "alice" {
  revoke_on_close = true
}

# A provider block is an ephemeral context: the token reaches the data source
# through it, and neither the state nor the plan holds it.
provider "goto" {
  alias        = "api"
  api_url      = var.base_url
  access_token = ephemeral.goto_pat_exchange.alice.access_token
}

data "goto_identity" "alice" {
  provider = goto.api
}

# The token as an argument of the ephemeral twin.
ephemeral "goto_identity" "alice" {
  access_token = ephemeral.goto_pat_exchange.alice.access_token
}

resource "terraform_data" "same_account" {
  input = data.goto_identity.alice.account_key

  lifecycle {
    precondition {
      condition     = ephemeral.goto_identity.alice.account_key == data.goto_identity.alice.account_key
      error_message = "The two token paths found different accounts."
    }
  }
}

output "account_key" {
  value = data.goto_identity.alice.account_key
}

output "organizer_key" {
  value = data.goto_identity.alice.organizer_key
}
