package e2e

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// TestE2EDataSources runs testdata/data_sources: each exchange's data source
// feeds hashicorp/http calls to both who-am-i endpoints, and every answer
// must be the user behind that exchange's credential.
func TestE2EDataSources(t *testing.T) {
	cli := requireCLI(t)
	t.Parallel()
	bins := build(t)
	acct := newAccount(t)
	mock := startMock(t, bins.mock, acct.mockConfig())
	ws := newWorkspace(t, cli, filepath.Join("testdata", "data_sources"), bins, acct.env(mock.URL))

	plan := ws.run("plan", "-no-color")
	apply := ws.run("apply", "-no-color", "-auto-approve")
	out := ws.outputs()

	var responses map[string]json.RawMessage
	if err := json.Unmarshal(out["me"], &responses); err != nil {
		t.Fatalf("output me: %v", err)
	}
	if len(responses) != len(calls) {
		t.Errorf("output me has %d answers, want %d", len(responses), len(calls))
	}
	for _, call := range calls {
		b, ok := responses[call]
		if !ok {
			t.Errorf("output me has no answer for %s", call)
			continue
		}
		checkMe(t, call, decodeMe(t, call, b))
	}

	checkPrincipals(t, out["principals"])
	var organizerKey string
	if err := json.Unmarshal(out["direct_login_organizer_key"], &organizerKey); err != nil || organizerKey != carol.organizerKey {
		t.Errorf("direct_login_organizer_key = %s, want %q", out["direct_login_organizer_key"], carol.organizerKey)
	}

	// Data sources are read once per command (apply -auto-approve reads them
	// at its plan), and each read is one request.
	stats := mockStats(t, mock)
	for _, ex := range exchanges {
		address := "data." + ex.address
		reads := countLines(plan, address+": Reading...") + countLines(apply, address+": Reading...")
		if reads != 2 {
			t.Errorf("%s was read %d times by plan and apply, want 2", address, reads)
		}
		if got := stats.Requests[ex.grant]; got != reads {
			t.Errorf("mock saw %d %s requests for %d reads", got, ex.grant, reads)
		}
	}
	if stats.RateLimited != 0 || stats.Faulted != 0 {
		t.Errorf("mock rate limited %d and faulted %d requests, want none", stats.RateLimited, stats.Faulted)
	}

	// Long-lived secrets came from the environment, so the state must not
	// hold them.
	scan(t, "the state", ws.file("terraform.tfstate"), acct.given())
	scan(t, "the CLI output", []byte(plan+apply), acct.given())
}
