package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// fleetSize is how many `plan` processes start together: enough to meet the
// mock's limit of 10 token requests a second many times over, few enough
// for a two-core machine.
const fleetSize = 30

// fleetRun is one process of a fleet.
type fleetRun struct {
	out string
	err error
}

// runFleet starts n plans of the fleet configuration at once, each in a
// working directory of its own, as Terragrunt or Atlantis would, and returns
// their outputs once all have finished.
func runFleet(t *testing.T, cli string, bins binaries, n int, vars map[string]string) []fleetRun {
	t.Helper()
	spaces := make([]*workspace, n)
	for i := range spaces {
		spaces[i] = newWorkspace(t, cli, filepath.Join("testdata", "fleet"), bins, vars)
	}
	runs := make([]fleetRun, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, ws := range spaces {
		wg.Go(func() {
			var out bytes.Buffer
			<-start
			runs[i].err = ws.exec(ws.env, &out, &out, "plan", "-no-color", "-input=false")
			runs[i].out = out.String()
		})
	}
	began := time.Now()
	close(start)
	wg.Wait()
	t.Logf("%d plans in %s", n, time.Since(began).Round(100*time.Millisecond))
	return runs
}

// requireAllSucceeded fails the test for every plan that failed, showing
// its output with the run's secrets redacted.
func requireAllSucceeded(t *testing.T, runs []fleetRun, known []secret) {
	t.Helper()
	failed := 0
	for i, r := range runs {
		if r.err != nil {
			failed++
			if failed <= 3 {
				t.Errorf("plan %d: %v\n%s", i, r.err, redact([]byte(r.out), known))
			}
		}
	}
	if failed > 0 {
		t.Fatalf("%d of %d plans failed", failed, len(runs))
	}
}

// fleetVars is the environment of every process of a fleet.
func fleetVars(acct account, mock string, exchanges []string, more map[string]string) map[string]string {
	vars := acct.env(mock)
	exchangesJSON, _ := json.Marshal(exchanges)
	vars["TF_VAR_exchanges"] = string(exchangesJSON)
	for k, v := range more {
		vars[k] = v
	}
	return vars
}

// TestE2EFleet plans fleetSize copies of one stack at once against the
// goto-mock-server program limited to 10 token requests a second, answering
// 429 without Retry-After: the fleet of Terragrunt run-all or Atlantis, one
// client and one set of credentials.
func TestE2EFleet(t *testing.T) {
	cli := requireCLI(t)
	bins := build(t)

	// With the defaults, every process makes its own request and waits out
	// the rate limit until it gets through.
	// At 2 requests a second the fleet needs 15 seconds, longer than five
	// attempts' backoff: only waiting the limit out gets every plan through.
	for _, rate := range []string{"10", "2"} {
		t.Run("defaults_at_"+rate+"_per_second", func(t *testing.T) {
			acct := newAccount(t)
			mock := startMock(t, bins.mock, acct.mockConfig(), "-rate-limit", rate)
			runs := runFleet(t, cli, bins, fleetSize, fleetVars(acct, mock.URL, []string{"pat"}, nil))
			stats := mockStats(t, mock)
			t.Logf("mock: %d PAT requests granted, %d answered 429", stats.Requests[mockgoto.GrantPAT], stats.RateLimited)
			requireAllSucceeded(t, runs, acct.given())
			// On a loaded machine the processes may start too far apart
			// to exceed 10 a second; at 2 they cannot.
			if rate == "2" && stats.RateLimited == 0 {
				t.Error("the mock rate limited no request: the fleet never met the limit")
			}
		})
	}

	// Through a shared token cache directory, the fleet makes at most two
	// requests per credential (one, unless a wait for another process runs
	// out), shares one direct login so no process revokes another's token,
	// and shares the rotated refresh token with its warning. No file of the
	// directory holds a secret or a token.
	t.Run("token_cache_dir", func(t *testing.T) {
		acct := newAccount(t)
		mock := startMock(t, bins.mock, acct.rotatingConfig(), "-rate-limit", "10")
		dir := filepath.Join(t.TempDir(), "goto-tokens")
		runs := runFleet(t, cli, bins, fleetSize, fleetVars(acct, mock.URL,
			[]string{"pat", "refresh_token", "direct_login"}, map[string]string{"GOTO_TOKEN_CACHE_DIR": dir}))
		issued := mockIssued(t, mock)
		known := append(acct.given(), issuedSecrets(issued, nil)...)
		requireAllSucceeded(t, runs, known)

		stats := mockStats(t, mock)
		t.Logf("mock: requests %v, %d answered 429", stats.Requests, stats.RateLimited)
		for _, grant := range []string{mockgoto.GrantPAT, mockgoto.GrantRefreshToken, mockgoto.GrantDirectLogin} {
			if got := stats.Requests[grant]; got < 1 || got > 2 {
				t.Errorf("%s: the mock saw %d requests from %d processes, want 1 or 2", grant, got, fleetSize)
			}
		}
		for i, r := range runs {
			if !strings.Contains(r.out, "GoTo Returned a New Refresh Token") {
				t.Errorf("plan %d did not warn that the refresh token rotated", i)
			}
		}
		// Every direct-login token the mock issued still works: no login
		// revoked another process's token.
		for _, it := range issued {
			if it.Type == "access" && it.Principal == carol.email {
				if status := identityStatus(t, mock.URL, it.Token); status != http.StatusOK {
					t.Errorf("a direct-login token answers HTTP %d at /identity/v1/Users/me: revoked by another login", status)
				}
			}
		}

		files, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		entries := 0
		for _, f := range files {
			if strings.HasSuffix(f.Name(), ".tok") {
				entries++
			}
			b, err := os.ReadFile(filepath.Join(dir, f.Name()))
			if err != nil {
				t.Fatal(err)
			}
			scan(t, "cache file "+f.Name(), b, known)
		}
		if entries != 3 {
			t.Errorf("the cache directory holds %d entries, want one per exchange (3)", entries)
		}
	})
}

// A cache directory others may write to is refused with a warning the CLI
// shows, and the plan goes ahead without it.
func TestE2ETokenCacheDirRefused(t *testing.T) {
	cli := requireCLI(t)
	bins := build(t)
	acct := newAccount(t)
	mock := startMock(t, bins.mock, acct.mockConfig())
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	ws := newWorkspace(t, cli, filepath.Join("testdata", "fleet"), bins,
		fleetVars(acct, mock.URL, []string{"pat"}, map[string]string{"GOTO_TOKEN_CACHE_DIR": dir}))
	out := ws.run("plan", "-no-color", "-input=false")
	for _, want := range []string{"Warning: Token Cache Directory Not Used", "others may write to it"} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan's output lacks %q:\n%s", want, redact([]byte(out), acct.given()))
		}
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("the refused directory holds %d files", len(files))
	}
}
