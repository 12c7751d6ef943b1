terraform {
  required_version = ">= 1.10"

  required_providers {
    goto = {
      source = "goto-community/goto"
    }
  }
}

# The URL to open in a browser to sign in and approve the OAuth client. GoTo
# then redirects to the redirect URI with a single-use code parameter.
output "goto_sign_in_url" {
  value = provider::goto::authorization_url(
    "my-client-id",
    "https://localhost:8080/callback",
    "collab: identity:scim.me",
    "a-value-you-check-in-the-redirect",
  )
}

# Null leaves an argument out: GoTo then uses the client's registered
# redirect URI and grants all of the client's scopes.
output "goto_sign_in_url_defaults" {
  value = provider::goto::authorization_url("my-client-id", null, null, null)
}
