# A token revoked at GoTo as soon as Terraform is done with it, at the end of
# the plan or apply that opened it. A failed revocation is only a warning.
ephemeral "goto_pat_exchange" "short_lived" {
  revoke_on_close = true
}

# The API's base URL comes from GOTO_API_URL, as the provider's api_url does,
# else GoTo's own.
resource "terraform_data" "goto_short_lived_check" {
  provisioner "local-exec" {
    command = "curl -fsS -o /dev/null -H \"Authorization: $GOTO_AUTHORIZATION\" \"$${GOTO_API_URL:-https://api.getgo.com}/identity/v1/Users/me\""
    environment = {
      GOTO_AUTHORIZATION = ephemeral.goto_pat_exchange.short_lived.authorization_header
    }
  }
}
