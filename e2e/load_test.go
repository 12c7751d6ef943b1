package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// loadEnv switches the load test on: it takes about 20 seconds a block.
const loadEnv = "GOTO_LOAD_TEST"

const (
	loadExchanges = 200
	loadRate      = 10 // the mock's limit, requests per second per client
)

// TestE2ELoad runs one plan with 200 distinct PAT exchanges against the
// goto-mock-server program limited to 10 requests a second, once as data
// sources and once as ephemeral resources. Every exchange must succeed:
// the provider slows down to the limit rather than failing, and does so
// without wasting much time over the 20 seconds the limit demands.
func TestE2ELoad(t *testing.T) {
	cli := requireCLI(t)
	if os.Getenv(loadEnv) != "1" {
		t.Skipf("the load test takes a minute; set %s=1 to run it", loadEnv)
	}
	bins := build(t)
	for _, block := range []string{"data", "ephemeral"} {
		t.Run(block, func(t *testing.T) {
			acct := newAccount(t)
			cfg := acct.mockConfig()
			pats := map[string]string{}
			for i := range loadExchanges {
				name := fmt.Sprintf("user%03d", i)
				pat := fmt.Sprintf("pat-%s-%s", name, randomHex(t))
				pats[name] = pat
				cfg.PATs = append(cfg.PATs, mockgoto.PAT{Token: pat, Principal: name + "@example.com", Scopes: cfg.Clients[0].Scopes})
			}
			mock := startMock(t, bins.mock, cfg, "-rate-limit", fmt.Sprint(loadRate))
			patsJSON, err := json.Marshal(pats)
			if err != nil {
				t.Fatal(err)
			}
			ws := newWorkspace(t, cli, filepath.Join("testdata", "load"), bins, map[string]string{
				"GOTO_CLIENT_ID":     acct.clientID,
				"GOTO_CLIENT_SECRET": acct.clientSecret,
				"TF_VAR_token_url":   mock.URL + "/oauth/token",
				"TF_VAR_pats":        string(patsJSON),
				"TF_VAR_block":       block,
			})

			began := time.Now()
			out := ws.run("plan", "-no-color", "-out=tfplan")
			wall := time.Since(began)

			stats := mockStats(t, mock)
			// The first second's burst is free, the rest goes at the rate.
			floor := time.Duration(loadExchanges-loadRate) * time.Second / loadRate
			t.Logf("%s: %d exchanges in %s against a floor of %s (%d/s, burst %d); mock: %d PAT requests, %d rate limited",
				block, loadExchanges, wall.Round(10*time.Millisecond), floor, loadRate, loadRate,
				stats.Requests[mockgoto.GrantPAT], stats.RateLimited)

			// terraform says "Opening complete", OpenTofu "Open complete".
			events, address := []string{"Read complete"}, "data.goto_pat_exchange.load"
			if block == "ephemeral" {
				events, address = []string{"Opening complete", "Open complete"}, "ephemeral.goto_pat_exchange.load"
			}
			done := 0
			for name := range pats {
				for _, event := range events {
					done += countLines(out, fmt.Sprintf("%s[%q]: %s", address, name, event))
				}
			}
			if done != loadExchanges {
				t.Errorf("the plan completed %d of %d exchanges", done, loadExchanges)
			}
			if block == "data" {
				var plan struct {
					OutputChanges map[string]struct {
						After json.RawMessage `json:"after"`
					} `json:"output_changes"`
				}
				if err := json.Unmarshal([]byte(ws.run("show", "-json", "tfplan")), &plan); err != nil {
					t.Fatalf("show -json: %v", err)
				}
				if got := string(plan.OutputChanges["principals"].After); got != fmt.Sprint(loadExchanges) {
					t.Errorf("the tokens belong to %s distinct users, want %d", got, loadExchanges)
				}
			}

			// Each PAT reached the grant once and got its token; the limit
			// was hit, or the test did not test it.
			if got := stats.Requests[mockgoto.GrantPAT]; got != loadExchanges {
				t.Errorf("mock saw %d PAT requests past its rate limit, want %d", got, loadExchanges)
			}
			if n := countIssued(mockIssued(t, mock), "access"); len(n) != loadExchanges {
				t.Errorf("mock issued access tokens to %d users, want %d", len(n), loadExchanges)
			}
			if stats.RateLimited == 0 {
				t.Error("mock rate limited no request: the plan never met the limit")
			}
			if stats.Faulted != 0 {
				t.Errorf("mock faulted %d requests, want none", stats.Faulted)
			}
		})
	}
}
