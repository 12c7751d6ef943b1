# A PAT exchange against the mock server serving https with a CA of its own:
# the provider trusts it only through GOTO_CA_CERT_FILE (or ca_cert_file).

terraform {
  required_providers {
    goto = {
      source = "goto-community/goto"
    }
  }
}

data "goto_pat_exchange" "alice" {}

output "principal" {
  value = data.goto_pat_exchange.alice.principal
}
