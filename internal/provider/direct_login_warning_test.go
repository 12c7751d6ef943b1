package provider

import (
	"strings"
	"testing"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// secretsIn names the first demo secret found in CLI output.
func demoSecretIn(out string) string {
	for name, secret := range map[string]string{
		"client secret": mockgoto.DemoClientSecret, "PAT": mockgoto.DemoPAT,
		"password": mockgoto.DemoPassword, "refresh token": mockgoto.DemoRefreshToken,
	} {
		if strings.Contains(out, secret) {
			return name
		}
	}
	return ""
}

const revokesWarning = `Warning: Direct Login Revokes Other Tokens of This Client`

// A direct login beside another exchange through the same client id gets
// one warning naming both blocks' kinds, whichever ran first.
func TestAccDirectLogin_warnsBesideOtherExchanges(t *testing.T) {
	requireCLI(t)
	for _, tc := range []struct {
		name   string
		config func() string
		kinds  []string
	}{{
		name: "personal access token first",
		config: func() string {
			return hclBlock("data", patType, "test") +
				hclBlock("data", directLoginType, "test", directLoginUser, "depends_on = [data."+patType+".test]")
		},
		kinds: []string{`data "goto_direct_login"`, `data "goto_pat_exchange"`},
	}, {
		name: "direct login first",
		config: func() string {
			return hclBlock("data", directLoginType, "test", directLoginUser) +
				hclBlock("data", patType, "test", "depends_on = [data."+directLoginType+".test]")
		},
		kinds: []string{`data "goto_direct_login"`, `data "goto_pat_exchange"`},
	}, {
		name: "ephemeral direct login",
		config: func() string {
			return hclBlock("ephemeral", directLoginType, "test", directLoginUser) +
				hclBlock("data", patType, "test", "depends_on = [ephemeral."+directLoginType+".test]")
		},
		kinds: []string{`ephemeral "goto_direct_login"`, `data "goto_pat_exchange"`},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			mock, baseURL := startMock(t)
			patInput.setenv(t)
			directLoginInput.setenv(t)
			out, err := newTerraformCLI(t, providerConfig(t, baseURL)+tc.config()).run("plan")
			if err != nil {
				t.Fatal(err)
			}
			if name := demoSecretIn(out); name != "" {
				t.Fatalf("the plan output shows the %s", name)
			}
			if n := strings.Count(out, revokesWarning); n != 1 {
				t.Fatalf("the plan shows the warning %d times, want once; it said:\n%s", n, out)
			}
			for _, p := range append(tc.kinds, `GoTo revokes all of an application's other tokens on every direct login`,
				`whose client_id is a separate consumer key`) {
				if !wrapped(p).MatchString(out) {
					t.Errorf("the warning does not say %q; the plan said:\n%s", p, out)
				}
			}
			if mock.Count(mockgoto.GrantDirectLogin) != 1 || mock.Count(mockgoto.GrantPAT) != 1 {
				t.Errorf("the mock saw %v", mock.Counts())
			}
		})
	}
}

// Only a direct login beside another kind of exchange through the same
// client id warns, once per newly seen kind. (Provider aliases cannot be
// tried in process: one server serves every configuration there.)
func TestDirectLoginWatch(t *testing.T) {
	w := newDirectLoginWatch()
	login, pat, refresh := blockKind("data", directLoginType), blockKind("data", patType), blockKind("ephemeral", refreshType)
	for i, step := range []struct {
		clientID, kind string
		warns          bool
	}{
		{"consumer-key", login, false},
		{"consumer-key", login, false},
		{"ci-client", pat, false},
		{"ci-client", refresh, false},
		{"consumer-key", pat, true},
		{"consumer-key", pat, false},
		{"consumer-key", refresh, true},
		{"", pat, false},
	} {
		diags := w.record(step.clientID, step.kind)
		if got := diags.WarningsCount() == 1; got != step.warns || diags.HasError() {
			t.Errorf("step %d (%s through %q): %v, want a warning: %t", i, step.kind, step.clientID, diags, step.warns)
		}
	}
}

// A refresh token revoked by a direct login through the same client: the
// error's hint names the direct login as the likely cause.
func TestAccDirectLogin_revokedRefreshTokenHint(t *testing.T) {
	requireCLI(t)
	_, baseURL := startMock(t)
	refreshInput.setenv(t)
	directLoginInput.setenv(t)
	config := providerConfig(t, baseURL) + hclBlock("data", directLoginType, "test", directLoginUser) +
		hclBlock("data", refreshType, "test", "depends_on = [data."+directLoginType+".test]")
	out, err := newTerraformCLI(t, config).run("plan")
	if err == nil {
		t.Fatalf("the plan passed; it said:\n%s", out)
	}
	if name := demoSecretIn(out); name != "" {
		t.Fatalf("the plan output shows the %s", name)
	}
	for _, p := range []string{
		`Error: Refresh Token Exchange Failed`, `"invalid_grant": refresh token revoked`,
		`A likely cause is a direct login \(goto_direct_login\) through the same OAuth client`, revokesWarning,
	} {
		if !wrapped(p).MatchString(out) {
			t.Errorf("the plan does not say %q; it said:\n%s", p, out)
		}
	}
}
