package e2e

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goto-community/terraform-provider-goto/internal/clitest"
	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// testingExample is the module whose tests users copy: examples/testing.
var testingExample = filepath.Join("..", "examples", "testing")

// TestE2EModuleTests runs `terraform test` (or `tofu test`) in
// examples/testing: the integration test against the mock program with its
// demo credentials, given only through GOTO_*, and the unit test with no
// server and no credentials at all. A PAT without the scope the module
// requires, or an API URL that is not GoTo's, must fail the integration test.
func TestE2EModuleTests(t *testing.T) {
	cli := requireCLI(t)
	t.Parallel()
	bins := build(t)

	t.Run("integration", func(t *testing.T) {
		mock := startMock(t, bins.mock, nil)
		ws := newWorkspace(t, cli, testingExample, bins, demoEnv(mock))
		ws.run("fmt", "-recursive", "-check", "-no-color")
		// Offline, `get` installs the local module without asking a registry.
		ws.run("get", "-no-color")
		out := ws.run("test", "-no-color")
		if !strings.Contains(out, "Success! 4 passed, 0 failed.") {
			t.Errorf("terraform test:\n%s", out)
		}
		// The integration runs read the data source and open the ephemeral
		// resource, whose token goto_identity sends to the who-am-i endpoint.
		stats := mockStats(t, mock)
		if got := stats.Requests[mockgoto.GrantPAT]; got < 2 {
			t.Errorf("the mock saw %d PAT exchanges, want the data source's and the ephemeral resource's", got)
		}
		if stats.Me < 1 {
			t.Error("goto_identity never reached the mock's who-am-i endpoint")
		}
		scan(t, "the terraform test output", []byte(out), []secret{
			{"client secret", mock.Demo["client_secret"]}, {"PAT", mock.Demo["pat"]},
		})
	})

	t.Run("unit test without a server", func(t *testing.T) {
		ws := newWorkspace(t, cli, testingExample, bins, nil)
		ws.run("get", "-no-color")
		out := ws.run("test", "-no-color", "-filter=tests/unit.tftest.hcl")
		if !strings.Contains(out, "Success! 2 passed, 0 failed.") {
			t.Errorf("terraform test:\n%s", out)
		}
	})

	t.Run("integration fails without the scope", func(t *testing.T) {
		cfg := mockgoto.DemoConfig()
		cfg.PATs[0].Scopes = []string{"collab:"}
		mock := startMock(t, bins.mock, &cfg)
		env := demoEnv(mock)
		env["GOTO_CLIENT_ID"], env["GOTO_CLIENT_SECRET"], env["GOTO_PAT"] = mockgoto.DemoClientID, mockgoto.DemoClientSecret, mockgoto.DemoPAT
		ws := newWorkspace(t, cli, testingExample, bins, env)
		ws.run("get", "-no-color")
		var out bytes.Buffer
		if err := ws.exec(ws.env, &out, &out, "test", "-no-color", "-filter=tests/integration.tftest.hcl"); err == nil {
			t.Fatalf("terraform test passed with a PAT lacking identity:scim.me:\n%s", out.Bytes())
		}
		if !strings.Contains(strings.Join(strings.Fields(out.String()), " "), "does not grant identity:scim.me") {
			t.Errorf("terraform test failed for another reason:\n%s", out.Bytes())
		}
	})

	t.Run("integration fails when the API refuses", func(t *testing.T) {
		mock := startMock(t, bins.mock, nil)
		env := demoEnv(mock)
		env["GOTO_API_URL"] = mock.URL + "/not-goto"
		ws := newWorkspace(t, cli, testingExample, bins, env)
		ws.run("get", "-no-color")
		var out bytes.Buffer
		if err := ws.exec(ws.env, &out, &out, "test", "-no-color", "-filter=tests/integration.tftest.hcl"); err == nil {
			t.Fatalf("terraform test passed with an API URL that serves nothing:\n%s", out.Bytes())
		}
		if !strings.Contains(out.String(), "404") {
			t.Errorf("terraform test failed for another reason:\n%s", out.Bytes())
		}
	})
}

// demoEnv is the environment a CI job gives `terraform test` against the
// mock program: the five GOTO_* settings, with the demo credentials it
// printed (empty when it was started with a config).
func demoEnv(mock *clitest.Mock) map[string]string {
	return map[string]string{
		"GOTO_CLIENT_ID":     mock.Demo["client_id"],
		"GOTO_CLIENT_SECRET": mock.Demo["client_secret"],
		"GOTO_PAT":           mock.Demo["pat"],
		"GOTO_TOKEN_URL":     mock.URL + "/oauth/token",
		"GOTO_API_URL":       mock.URL,
	}
}
