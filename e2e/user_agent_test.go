package e2e

import (
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// TestE2EUserAgent: the version stamped into the built provider at link
// time reaches the User-Agent of its token requests.
func TestE2EUserAgent(t *testing.T) {
	cli := requireCLI(t)
	t.Parallel()
	bins := build(t)
	mock := mockgoto.New(mockgoto.DemoConfig())
	srv := httptest.NewServer(mock)
	t.Cleanup(srv.Close)
	ws := newWorkspace(t, cli, filepath.Join("testdata", "user_agent"), bins, map[string]string{
		"GOTO_CLIENT_SECRET": mockgoto.DemoClientSecret,
		"GOTO_PAT":           mockgoto.DemoPAT,
		"TF_VAR_base_url":    srv.URL,
	})
	ws.run("plan", "-no-color")
	requests := mock.Requests(mockgoto.GrantPAT)
	if len(requests) != 1 {
		t.Fatalf("the mock saw %d PAT requests, want 1", len(requests))
	}
	if got, want := requests[0].Header.Get("User-Agent"), "terraform-provider-goto/"+providerVersion; got != want {
		t.Errorf("User-Agent %q, want %q", got, want)
	}
}
