# Exchanges real tokens: run it against goto-mock-server with its demo
# credentials (or against GoTo), configured only through the environment:
#
#   GOTO_CLIENT_ID, GOTO_CLIENT_SECRET, GOTO_TOKEN_URL, GOTO_PAT, GOTO_API_URL
#
# goto_identity reads the API with the ephemeral exchange's token, so a token
# the API refuses fails this run.

run "exchanges_a_personal_access_token" {
  assert {
    condition     = length(output.principal) > 0
    error_message = "The exchange returned no principal."
  }

  assert {
    condition     = contains(output.scopes, var.required_scope)
    error_message = "The token lacks ${var.required_scope}."
  }

  assert {
    condition     = timecmp(output.expires_at, plantimestamp()) > 0
    error_message = "The token expired at ${output.expires_at}, before this run."
  }

  assert {
    condition     = startswith(module.token.authorization_header, "Bearer ")
    error_message = "The token is not a bearer token."
  }
}

run "the_api_token_acts_for_the_same_user" {
  command = plan

  assert {
    condition     = output.email == output.principal
    error_message = "goto_identity reports ${output.email}, the exchange ${output.principal}."
  }

  assert {
    condition     = can(regex("^[0-9]+$", output.organizer_key)) && can(regex("^[0-9]+$", output.account_key))
    error_message = "goto_identity returned keys that are not decimal integers."
  }
}
