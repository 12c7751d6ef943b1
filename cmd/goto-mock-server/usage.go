package main

import (
	"flag"
	"fmt"
)

// guideURL is the guide to the config file, the admin endpoints and CI use.
const guideURL = "https://registry.terraform.io/providers/goto-community/goto/latest/docs/guides/mock-server"

// configKeys summarises the config file; the guide has each key's meaning.
const configKeys = `Config file keys (JSON; durations are Go duration strings such as "600s", "15m" or "720h", no day unit):
  clients[]         id, secret, pat_grant, scopes[], redirect_uris[]
  users[]           user_id, password, client_id, email, first_name, last_name,
                    organizer_key, account_key, account_type, key_format,
                    accounts[] (key, name, entitlements[])
  pats[]            token, client_id, principal, scopes[]
  refresh_tokens[]  token, client_id, principal, scope, age
  faults[]          count, status, body, content_type, header{}, delay
  rate_limit, retry_after, rotation, rotate_after, access_ttl, refresh_ttl, code_ttl
Unknown keys are errors. Keys match ignoring case, "_" and "-".`

// printUsage writes -help: synopsis, flags with their environment variables,
// the config keys and the guide.
func printUsage(fs *flag.FlagSet) {
	w := fs.Output()
	fmt.Fprintln(w, "usage: goto-mock-server [-listen addr] [-config file] [-tls [-tls-hosts names] [-tls-ca-out file]] [-rate-limit n] [-retry-after] [-v]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Serves a mock of GoTo's OAuth, revocation and who-am-i endpoints. The first line printed is the base URL.")
	fmt.Fprintln(w, "Each flag may also be set by an environment variable (the flag wins):")
	fs.VisitAll(func(f *flag.Flag) {
		fmt.Fprintf(w, "  -%s (%s)\n    \t%s", f.Name, envName(f.Name), f.Usage)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			fmt.Fprintf(w, " (default %q)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
	fmt.Fprintf(w, "  %s\n    \tthe config file's JSON itself, instead of -config\n\n", configJSONEnv)
	fmt.Fprintln(w, configKeys)
	fmt.Fprintln(w)
	fmt.Fprintln(w, "The guide describes every key, the admin endpoints under /_mock/, TLS and CI recipes:")
	fmt.Fprintln(w, "  "+guideURL+" (docs/guides/mock-server.md in the source)")
}
