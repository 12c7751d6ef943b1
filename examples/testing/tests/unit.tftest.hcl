# Runs with no server and no credentials: the providers are mocked, and the
# data sources return what override_data says. The runs test modules/token,
# which holds no ephemeral resource: Terraform's mocked providers serve data
# sources and resources only (OpenTofu's serve ephemeral resources too).

mock_provider "goto" {
  override_data {
    target = data.goto_pat_exchange.ci
    values = {
      principal  = "ci@example.com"
      scopes     = ["identity:scim.me", "collab:"]
      expires_at = "2030-01-01T00:00:00Z"
    }
  }
}

mock_provider "goto" {
  alias = "api"

  override_data {
    target = data.goto_identity.me
    values = {
      email         = "ci@example.com"
      organizer_key = "1000000000000000001"
      account_key   = "2000000000000000000"
    }
  }
}

variables {
  required_scope = "identity:scim.me"
}

run "outputs_come_from_the_exchange_and_the_identity" {
  command = plan

  module {
    source = "./modules/token"
  }

  providers = {
    goto     = goto
    goto.api = goto.api
  }

  assert {
    condition     = output.principal == "ci@example.com"
    error_message = "principal is ${output.principal}, want ci@example.com"
  }

  assert {
    condition     = output.expires_at == "2030-01-01T00:00:00Z"
    error_message = "expires_at does not come from the exchange"
  }

  assert {
    condition     = output.organizer_key == "1000000000000000001" && output.account_key == "2000000000000000000"
    error_message = "The keys do not come from goto_identity."
  }
}

run "a_token_without_the_required_scope_is_refused" {
  command = plan

  module {
    source = "./modules/token"
  }

  providers = {
    goto     = goto
    goto.api = goto.api
  }

  variables {
    required_scope = "users.v1.lines.read"
  }

  expect_failures = [output.scopes]
}
