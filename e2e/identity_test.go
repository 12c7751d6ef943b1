package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// aliceAccountKey is beyond float64's exact range, and the mock sends it as
// a bare JSON number.
const aliceAccountKey = "8439885694023999999"

// TestE2ELeakScanIdentity runs testdata/leak_identity through plan -out and
// apply with the built provider: goto_identity reads alice's keys through a
// provider alias whose access_token is an ephemeral PAT exchange, and
// through the ephemeral twin's argument, and the exchange revokes its token
// on close. No secret, issued token included, reaches the TRACE logs,
// stdout, stderr, the plan file or the state, though each revocation
// request carries a token; and every token the run exchanged is refused by
// GoTo afterwards.
func TestE2ELeakScanIdentity(t *testing.T) {
	cli := requireCLI(t)
	t.Parallel()
	bins := build(t)
	acct := newAccount(t)
	cfg := acct.mockConfig()
	cfg.Users[0].KeyFormat = mockgoto.KeysAsNumbers
	cfg.Users[0].Accounts = []mockgoto.Account{{Key: aliceAccountKey, Name: "Alice's account", Entitlements: []string{"g2m"}}}
	mock := startMock(t, bins.mock, cfg)
	ws := newWorkspace(t, cli, filepath.Join("testdata", "leak_identity"), bins, map[string]string{
		"GOTO_CLIENT_ID":     acct.clientID,
		"GOTO_CLIENT_SECRET": acct.clientSecret,
		"GOTO_PAT":           acct.pat,
		"TF_VAR_base_url":    mock.URL,
	})

	plan := ws.runTraced(acct.given(), "plan", "-no-color", "-out=tfplan")
	apply := ws.runTraced(acct.given(), "apply", "-no-color", "tfplan")
	out := ws.outputs()
	for name, want := range map[string]string{"account_key": aliceAccountKey, "organizer_key": alice.organizerKey} {
		var got string
		if err := json.Unmarshal(out[name], &got); err != nil || got != want {
			t.Errorf("output %s = %s, want %q", name, out[name], want)
		}
	}

	issued := mockIssued(t, mock)
	access := issuedSecrets(issued, func(it mockgoto.IssuedToken) bool { return it.Type == "access" })
	stats := mockStats(t, mock)
	if len(access) < 2 || stats.Revocations != len(access) {
		t.Errorf("the mock issued %d access tokens and saw %d revocations; want one revocation for each of the plan's and the apply's tokens",
			len(access), stats.Revocations)
	}
	for _, s := range access {
		if code := identityStatus(t, mock.URL, s.value); code != http.StatusUnauthorized {
			t.Errorf("the %s got %d at /identity/v1/Users/me after the run, want 401 (revoked)", s.name, code)
		}
	}

	all := append(acct.given(), issuedSecrets(issued, nil)...)
	requireProviderLogs(t, plan, apply)
	for _, want := range []string{"GoTo API request", "GoTo revocation request"} {
		if !containsLog(want, plan, apply) {
			t.Errorf("the TRACE logs hold no %q line, so the scan would prove nothing about it", want)
		}
	}
	for _, r := range []traced{plan, apply} {
		scanRun(t, r, all)
	}
	scanPlanFile(t, ws, "tfplan", all)
	scanState(t, ws, all)
}

func containsLog(s string, runs ...traced) bool {
	for _, r := range runs {
		if bytes.Contains(r.log, []byte(s)) {
			return true
		}
	}
	return false
}

// identityStatus is the status the mock's SCIM endpoint answers for a token.
func identityStatus(t *testing.T, baseURL, token string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, baseURL+"/identity/v1/Users/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
