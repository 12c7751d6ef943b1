package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

// envPrefix starts the environment variable of each flag: -tls-hosts is
// GOTO_MOCK_TLS_HOSTS. A container service (GitHub Actions services, for
// one) can set environment variables but not arguments.
const envPrefix = "GOTO_MOCK_"

// configJSONEnv holds a whole config file's JSON, for containers without a
// mounted file.
const configJSONEnv = envPrefix + "CONFIG_JSON"

// envName is the environment variable that sets flag name.
func envName(name string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}

// setFromEnv sets each flag of fs whose environment variable is set, so that
// arguments parsed later still win.
func setFromEnv(fs *flag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		v, ok := os.LookupEnv(envName(f.Name))
		if !ok || err != nil {
			return
		}
		if serr := fs.Set(f.Name, v); serr != nil {
			err = fmt.Errorf("%s: %w", envName(f.Name), serr)
		}
	})
	return err
}
