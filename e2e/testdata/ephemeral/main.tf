# Each exchange's ephemeral resource hands its token to a local-exec
# provisioner, which calls GoTo's who-am-i endpoints with it. Nothing here is
# stored: the token lives only while the command runs, and the state holds
# nothing but the terraform_data resources.

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

variable "consumer_key" {
  description = "The GoToAssist Corporate application's consumer key, for direct login."
  type        = string
}

variable "direct_login_user" {
  description = "The user id for direct login; the password comes from GOTO_PASSWORD."
  type        = string
}

variable "fetch_command" {
  description = "Fetches $URL with the header Authorization: $AUTHORIZATION into the file $OUT."
  type        = string
  default     = "curl -fsS -H \"Authorization: $AUTHORIZATION\" -o \"$OUT\" \"$URL\""
}

# client_id and client_secret come from GOTO_CLIENT_ID and GOTO_CLIENT_SECRET.
provider "goto" {
  token_url = "${var.base_url}/oauth/token"
}

# Direct login revokes every other token of its application, so it gets an
# application of its own.
provider "goto" {
  alias            = "assist"
  client_id        = var.consumer_key
  direct_login_url = "${var.base_url}/oauth/access_token"
}

ephemeral "goto_pat_exchange" "alice" {}

ephemeral "goto_refresh_token_exchange" "bob" {}

ephemeral "goto_direct_login" "carol" {
  provider = goto.assist
  user_id  = var.direct_login_user
}

locals {
  authorization = {
    pat           = ephemeral.goto_pat_exchange.alice.authorization_header
    refresh_token = ephemeral.goto_refresh_token_exchange.bob.authorization_header
    direct_login  = ephemeral.goto_direct_login.carol.authorization_header
  }
  apis = {
    admin    = "/admin/rest/v1/me"
    identity = "/identity/v1/Users/me"
  }
  calls = {
    for pair in setproduct(["pat", "refresh_token", "direct_login"], keys(local.apis)) :
    "${pair[0]}-${pair[1]}" => { exchange = pair[0], path = local.apis[pair[1]] }
  }
}

resource "terraform_data" "me" {
  for_each = local.calls

  provisioner "local-exec" {
    command = var.fetch_command
    environment = {
      AUTHORIZATION = local.authorization[each.value.exchange]
      URL           = "${var.base_url}${each.value.path}"
      OUT           = "${path.root}/${each.key}.json"
    }
  }
}
