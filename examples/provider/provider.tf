terraform {
  # Ephemeral resources need Terraform 1.10 (OpenTofu 1.11); write-only
  # attributes need Terraform 1.11.
  required_version = ">= 1.10"

  required_providers {
    goto = {
      source = "goto-community/goto"
    }
  }
}

# client_id and client_secret default to the GOTO_CLIENT_ID and
# GOTO_CLIENT_SECRET environment variables, which keeps the secret out of
# configuration and plan files. The endpoints default to GoTo's own;
# GOTO_TOKEN_URL and GOTO_DIRECT_LOGIN_URL point them elsewhere, such as a mock
# server in CI.
provider "goto" {
  request_timeout = "30s" # per attempt
  max_retries     = 4     # after 429, 502, 503, 504 and network errors
}
