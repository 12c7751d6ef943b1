package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// jwtShaped matches the mock's tokens anywhere in a file.
var jwtShaped = regexp.MustCompile(`eyJ[\w-]+\.[\w-]+\.[\w-]+`)

// TestE2EEphemeral runs testdata/ephemeral: each exchange's ephemeral
// resource hands its token to local-exec provisioners that call both
// who-am-i endpoints, so the token proves itself without ever reaching the
// state. Requests are counted per open: terraform opens ephemeral resources
// in the plan and in the apply phase of every apply, OpenTofu skips the
// apply phase when nothing changes.
func TestE2EEphemeral(t *testing.T) {
	cli := requireCLI(t)
	t.Parallel()
	bins := build(t)
	acct := newAccount(t)
	mock := startMock(t, bins.mock, acct.mockConfig())
	ws := ephemeralWorkspace(t, cli, bins, acct, mock.URL)

	plan := ws.run("plan", "-no-color")
	apply := ws.run("apply", "-no-color", "-auto-approve")
	for _, call := range calls {
		checkMe(t, call, decodeMe(t, call, ws.file(call+".json")))
	}
	// Nothing left to do: terraform still opens every ephemeral resource
	// twice, OpenTofu once.
	again := ws.run("apply", "-no-color", "-auto-approve")
	if !strings.Contains(again, "0 added, 0 changed, 0 destroyed") {
		t.Errorf("second apply changed something:\n%s", again)
	}

	stats := mockStats(t, mock)
	for _, ex := range exchanges {
		address := "ephemeral." + ex.address
		opens := 0
		for _, out := range []string{plan, apply, again} {
			opens += countLines(out, address+": Opening...")
		}
		// At least the plan and the apply phase that ran the provisioners.
		if first := countLines(plan, address+": Opening...") + countLines(apply, address+": Opening..."); first < 3 {
			t.Errorf("%s was opened %d times by plan and the first apply, want at least 3", address, first)
		}
		t.Logf("%s: %d opens, %d %s requests", address, opens, stats.Requests[ex.grant], ex.grant)
		if got := stats.Requests[ex.grant]; got != opens {
			t.Errorf("mock saw %d %s requests for %d opens", got, ex.grant, opens)
		}
	}
	if stats.RateLimited != 0 || stats.Faulted != 0 {
		t.Errorf("mock rate limited %d and faulted %d requests, want none", stats.RateLimited, stats.Faulted)
	}

	state := ws.file("terraform.tfstate")
	scan(t, "the state", state, acct.given())
	if jwtShaped.Match(state) || bytes.Contains(state, []byte("Bearer")) {
		t.Error("the state holds an access token")
	}
	scan(t, "the CLI output", []byte(plan+apply+again), acct.given())
	if jwtShaped.MatchString(plan + apply + again) {
		t.Error("the CLI output shows an access token")
	}
}

// ephemeralWorkspace copies testdata/ephemeral for acct against the mock at
// baseURL; its provisioners fetch through this test binary.
func ephemeralWorkspace(t *testing.T, cli string, bins binaries, acct account, baseURL string) *workspace {
	t.Helper()
	test, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	vars := acct.env(baseURL)
	vars["TF_VAR_fetch_command"] = fmt.Sprintf("%s=1 %s", fetchEnv, shellQuote(test))
	return newWorkspace(t, cli, filepath.Join("testdata", "ephemeral"), bins, vars)
}

// shellQuote quotes s for /bin/sh, which runs local-exec commands.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
