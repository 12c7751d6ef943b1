package e2e

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestE2ETLS runs a PAT exchange and a goto_identity read against the mock
// serving https (goto-mock-server -tls): trusted through GOTO_CA_CERT_FILE
// they work; without the CA the exchange fails with a diagnostic that names
// both CA settings.
func TestE2ETLS(t *testing.T) {
	cli := requireCLI(t)
	t.Parallel()
	bins := build(t)
	acct := newAccount(t)
	caFile := filepath.Join(t.TempDir(), "goto-mock-ca.pem")
	mock := startMock(t, bins.mock, acct.mockConfig(), "-tls", "-tls-ca-out", caFile)
	if !strings.HasPrefix(mock.URL, "https://127.0.0.1:") {
		t.Fatalf("the mock printed %q, want an https URL on 127.0.0.1", mock.URL)
	}
	env := acct.env(mock.URL)
	env["GOTO_TOKEN_URL"] = mock.URL + "/oauth/token"
	env["GOTO_API_URL"] = mock.URL

	untrusted := newWorkspace(t, cli, filepath.Join("testdata", "tls"), bins, env)
	var out bytes.Buffer
	if err := untrusted.exec(untrusted.env, &out, &out, "plan", "-no-color"); err == nil {
		t.Fatalf("plan without the CA succeeded:\n%s", out.Bytes())
	}
	for _, want := range []string{"TLS certificate is not trusted", "x509", "ca_cert_pem", "ca_cert_file (GOTO_CA_CERT_FILE)"} {
		if !strings.Contains(strings.Join(strings.Fields(out.String()), " "), want) {
			t.Errorf("the diagnostic without the CA does not mention %q:\n%s", want, out.Bytes())
		}
	}
	if got := mockStats(t, mock).Requests["personal_access_token"]; got != 0 {
		t.Errorf("the mock answered %d PAT requests over an untrusted connection", got)
	}

	env["GOTO_CA_CERT_FILE"] = caFile
	ws := newWorkspace(t, cli, filepath.Join("testdata", "tls"), bins, env)
	ws.run("apply", "-no-color", "-auto-approve")
	outputs := ws.outputs()
	var principal, email string
	if err := json.Unmarshal(outputs["principal"], &principal); err != nil || principal != alice.email {
		t.Errorf("principal = %q (%v), want %q", principal, err, alice.email)
	}
	if err := json.Unmarshal(outputs["email"], &email); err != nil || email != alice.email {
		t.Errorf("goto_identity email = %q (%v), want %q", email, err, alice.email)
	}
	if got := mockStats(t, mock).Requests["personal_access_token"]; got != 1 {
		t.Errorf("the mock answered %d PAT requests, want 1", got)
	}
}
