# Exchanges real tokens: run it against goto-mock-server with its demo
# credentials (or against GoTo), configured only through the environment:
#
#   GOTO_CLIENT_ID, GOTO_CLIENT_SECRET, GOTO_TOKEN_URL, GOTO_PAT, GOTO_API_URL
#
# The apply also runs the who-am-i check with the ephemeral token, so a token
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
