# One exchange per PAT, as data sources or as ephemeral resources (var.block),
# for a plan under the token endpoint's rate limit. The PATs come through
# TF_VAR_pats.

terraform {
  required_providers {
    goto = {
      source = "goto-community/goto"
    }
  }
}

variable "token_url" {
  description = "The mock server's token endpoint."
  type        = string
}

variable "pats" {
  description = "PATs by name, each exchanged once."
  type        = map(string)
}

variable "block" {
  description = "Which block exchanges the PATs: \"data\" or \"ephemeral\"."
  type        = string

  validation {
    condition     = contains(["data", "ephemeral"], var.block)
    error_message = "block must be \"data\" or \"ephemeral\"."
  }
}

# client_id and client_secret come from GOTO_CLIENT_ID and GOTO_CLIENT_SECRET.
provider "goto" {
  token_url = var.token_url
}

data "goto_pat_exchange" "load" {
  for_each = var.block == "data" ? var.pats : {}

  pat = each.value
}

ephemeral "goto_pat_exchange" "load" {
  for_each = var.block == "ephemeral" ? var.pats : {}

  pat = each.value
}

output "principals" {
  description = "How many distinct users the data sources' tokens belong to."
  value       = length(toset([for d in data.goto_pat_exchange.load : d.principal]))
}
