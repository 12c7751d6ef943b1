# The token comes from an ephemeral exchange through a provider alias: a
# provider block is an ephemeral context, so neither the state nor the plan
# holds the token, while the keys become ordinary values.
ephemeral "goto_pat_exchange" "admin" {
  revoke_on_close = true # revoked when Terraform is done with it
}

provider "goto" {
  alias        = "api"
  access_token = ephemeral.goto_pat_exchange.admin.access_token
}

data "goto_identity" "me" {
  provider = goto.api
}

# GoTo Webinar and GoTo Meeting put the organizer key in their paths, the
# Admin API the account key.
output "webinars_path" {
  value = "/G2W/rest/v2/organizers/${data.goto_identity.me.organizer_key}/webinars"
}

output "account_users_path" {
  value = "/admin/rest/v1/accounts/${data.goto_identity.me.account_key}/users"
}
