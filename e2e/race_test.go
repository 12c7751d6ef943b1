package e2e

import (
	"fmt"
	"os"
	"path/filepath"
)

// watchRaces, under -race, has the race detector of every program the tests
// start (built with -race by build) write its reports into a directory, as
// those programs' stderr goes to the CLI's log or nowhere. The returned
// function prints any report and says whether there was one.
func watchRaces() (check func() bool) {
	if !raceEnabled {
		return func() bool { return false }
	}
	//nolint:usetesting // TestMain has no *testing.T
	dir, err := os.MkdirTemp("", "goto-e2e-race-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "race reports:", err)
		os.Exit(1)
	}
	// Children inherit it: the mock directly, the provider through the CLI.
	if err := os.Setenv("GORACE", "log_path="+filepath.Join(dir, "report")); err != nil {
		fmt.Fprintln(os.Stderr, "race reports:", err)
		os.Exit(1)
	}
	return func() bool {
		defer os.RemoveAll(dir)
		reports, _ := filepath.Glob(filepath.Join(dir, "report*"))
		for _, r := range reports {
			b, _ := os.ReadFile(r)
			fmt.Fprintf(os.Stderr, "race detected in a program the tests started (%s):\n%s\n", filepath.Base(r), b)
		}
		return len(reports) > 0
	}
}
