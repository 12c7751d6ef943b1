# A PAT exchange and an API read against the mock server serving https with a
# CA of its own: the provider trusts it only through GOTO_CA_CERT_FILE (or
# ca_cert_file).

terraform {
  required_providers {
    goto = {
      source = "goto-community/goto"
    }
  }
}

data "goto_pat_exchange" "alice" {}

provider "goto" {
  alias        = "api"
  access_token = data.goto_pat_exchange.alice.access_token
}

data "goto_identity" "alice" {
  provider = goto.api
}

output "principal" {
  value = data.goto_pat_exchange.alice.principal
}

output "email" {
  value = data.goto_identity.alice.email
}
