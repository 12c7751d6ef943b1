package provider

import (
	"regexp"
	"strings"
	"testing"
)

// An exchange's error names the URL it reached (no query) and only the
// setting that URL came from.
func TestAccEndpointErrors_nameTheURLAndItsSetting(t *testing.T) {
	requireCLI(t)
	for _, tc := range []struct {
		name     string
		settings func(baseURL, closed string) map[string]string
		block    string
		patterns []string
		absent   string // the setting that does not apply
	}{{
		name: "token_url at the direct login endpoint",
		settings: func(baseURL, _ string) map[string]string {
			return map[string]string{"token_url": `"` + baseURL + `/oauth/access_token"`}
		},
		block: hclBlock("data", patType, "test"),
		patterns: []string{`Error: Personal Access Token Exchange Failed`, `GoTo answered HTTP 400`, `missing parameter: user_id`,
			`The request went to {{base}}/oauth/access_token (token_url).`, `token_url looks wrong: the address answers like GoTo's direct login endpoint`},
		absent: "direct_login_url",
	}, {
		name: "nothing listening at token_url",
		settings: func(_, closed string) map[string]string {
			return map[string]string{"token_url": `"` + closed + `/oauth/token?tenant=acme"`, "max_retries": "0"}
		},
		block: hclBlock("data", refreshType, "test"),
		patterns: []string{`Error: Refresh Token Exchange Failed`, `no answer from GoTo`,
			`The request went to {{closed}}/oauth/token (token_url).`, `Check token_url, network access to it`},
		absent: "direct_login_url",
	}, {
		name: "direct_login_url at an address that is not GoTo's",
		settings: func(baseURL, _ string) map[string]string {
			return map[string]string{"direct_login_url": `"` + baseURL + `/oauth/v2/access_token"`}
		},
		block: hclBlock("ephemeral", directLoginType, "test", directLoginUser),
		patterns: []string{`Error: Direct Login Failed`, `GoTo answered HTTP 404`, `The request went to {{base}}/oauth/v2/access_token (direct_login_url).`,
			`Check direct_login_url: this address does not serve GoTo's direct login endpoint.`},
		absent: "token_url",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			_, baseURL := startMock(t)
			closed := closedURL(t)
			patInput.setenv(t)
			refreshInput.setenv(t)
			directLoginInput.setenv(t)
			settings := tc.settings(baseURL, closed)
			settings["client_id"] = `"demo-client"`
			out, err := newTerraformCLI(t, gotoProviderBlock(settings)+tc.block).run("plan")
			if err == nil {
				t.Fatalf("the plan passed; it said:\n%s", out)
			}
			if name := demoSecretIn(out); name != "" {
				t.Fatalf("the plan output shows the %s", name)
			}
			for _, p := range tc.patterns {
				p = regexp.QuoteMeta(strings.NewReplacer("{{base}}", baseURL, "{{closed}}", closed).Replace(p))
				if !wrapped(p).MatchString(out) {
					t.Errorf("the plan does not say %q; it said:\n%s", p, out)
				}
			}
			for _, absent := range []string{tc.absent, "tenant=acme"} {
				if strings.Contains(out, absent) {
					t.Errorf("the plan mentions %s; it said:\n%s", absent, out)
				}
			}
		})
	}
}
