# The token as an argument: everything stays ephemeral, and the keys reach
# provider blocks, write-only attributes and provisioners.
ephemeral "goto_pat_exchange" "admin" {}

ephemeral "goto_identity" "me" {
  access_token = ephemeral.goto_pat_exchange.admin.access_token
}

# Stops the plan early when the token belongs to no GoTo account.
resource "terraform_data" "goto_account_check" {
  lifecycle {
    precondition {
      condition     = ephemeral.goto_identity.me.account_key != null
      error_message = "The GoTo token belongs to no account."
    }
  }
}
