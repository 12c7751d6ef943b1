// Package gotoauth is a client for GoTo's OAuth token endpoints: the personal
// access token, refresh token, authorization code and direct login exchanges.
//
// It knows nothing of Terraform. It shares identical exchanges made inside one
// process, paces and retries requests within GoTo's rate limit, and keeps
// every secret it handles out of its errors and log fields.
package gotoauth
