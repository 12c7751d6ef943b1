package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/goto-community/terraform-provider-goto/internal/clitest"
	"github.com/goto-community/terraform-provider-goto/internal/gotoauth"
	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

const (
	codeResource    = "goto_authorization_code_exchange.test"
	testRedirectURI = mockgoto.DemoRedirectURI
)

// codeResult locates the resource's attributes in state.
var codeResult = resourceResult(codeResource)

// uuidV4 matches the resource's random id.
var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// writeOnlyCLI skips below the first CLI versions with write-only attributes
// and ephemeral variables (Terraform 1.11, OpenTofu 1.11), saying so.
var writeOnlyCLI = []tfversion.TerraformVersionCheck{skipBelow{
	min:    tfversion.Version1_11_0,
	reason: "write-only attributes and ephemeral variables need Terraform or OpenTofu 1.11",
}}

// requireWriteOnlyCLI applies writeOnlyCLI to a test that runs the CLI
// itself.
func requireWriteOnlyCLI(t *testing.T) {
	t.Helper()
	requireCLI(t)
	v, err := clitest.Version(t.Context(), cliBinary())
	if err != nil {
		t.Fatal(err)
	}
	var resp tfversion.CheckTerraformVersionResponse
	for _, check := range writeOnlyCLI {
		check.CheckTerraformVersion(t.Context(), tfversion.CheckTerraformVersionRequest{TerraformVersion: v}, &resp)
	}
	if resp.Skip != "" {
		t.Skip(resp.Skip)
	}
}

// skipBelow is tfversion.SkipBelow with the reason in the skip message.
type skipBelow struct {
	min    *version.Version
	reason string
}

func (c skipBelow) CheckTerraformVersion(_ context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	if req.TerraformVersion.LessThan(c.min) {
		resp.Skip = fmt.Sprintf("%s; the CLI is %s", c.reason, req.TerraformVersion)
	}
}

// codeConfig is a resource fed from an ephemeral variable, the way the guide
// tells users to pass a code: the variable lands in neither plan nor state.
func codeConfig(version string) string {
	return fmt.Sprintf(`
variable "code" {
  type      = string
  ephemeral = true
  default   = null
}

resource "goto_authorization_code_exchange" "test" {
  code_wo         = var.code
  code_wo_version = %q
  redirect_uri    = %q

  lifecycle {
    create_before_destroy = true
  }
}
`, version, testRedirectURI)
}

// The whole flow: the function builds the URL, the mock consents and
// redirects with a code, the resource exchanges it once, and the stored
// refresh token yields an access token the mock's /me accepts.
func TestAccResourceAuthorizationCodeExchange_fullFlow(t *testing.T) {
	requireCLI(t)
	mock, base := startMock(t)
	t.Setenv("GOTO_TOKEN_URL", base+"/oauth/token")
	provider := providerConfig(t, base)
	urlOutput := fmt.Sprintf(`
output "authorization_url" {
  value = provider::goto::authorization_url(%q, %q, "identity:scim.me collab:", "flow-state")
}
`, mockgoto.DemoClientID, testRedirectURI)
	refresh := `
data "goto_refresh_token_exchange" "test" {
  refresh_token = goto_authorization_code_exchange.test.refresh_token
}
`
	var authURL, code1, code2 string
	newCode := func() string {
		back := followAuthorize(t, authURL)
		if got := back.Scheme + "://" + back.Host + back.Path; got != testRedirectURI {
			t.Fatalf("the mock redirected to %s, want %s", got, testRedirectURI)
		}
		if got := back.Query().Get("state"); got != "flow-state" {
			t.Fatalf("state in the redirect = %q, want flow-state", got)
		}
		code := back.Query().Get("code")
		if code == "" {
			t.Fatalf("the redirect carries no code (error %q)", back.Query().Get("error"))
		}
		return code
	}
	firstCode := func() map[string]string { return map[string]string{"authorization code": code1} }
	newCode2 := func() map[string]string { return map[string]string{"new authorization code": code2} }
	bothCodes := func() map[string]string {
		return map[string]string{"first authorization code": code1, "new authorization code": code2}
	}
	refreshToken := statecheck.CompareValue(compare.ValuesDiffer())
	id := statecheck.CompareValue(compare.ValuesDiffer())

	tfresource.Test(t, tfresource.TestCase{
		TerraformVersionChecks:   writeOnlyCLI,
		ProtoV6ProviderFactories: factories(),
		Steps: []tfresource.TestStep{{
			Config: provider + urlOutput,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("authorization_url", knownvalue.StringRegexp(regexp.MustCompile(`^`+regexp.QuoteMeta(base)+`/oauth/authorize\?`))),
				captureOutput("authorization_url", &authURL),
			},
		}, {
			PreConfig: func() {
				code1 = newCode()
				t.Setenv("TF_VAR_code", code1)
			},
			Config: provider + urlOutput + codeConfig("1") + refresh,
			ConfigPlanChecks: tfresource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(codeResource, plancheck.ResourceActionCreate),
					noSecretsInPlan(firstCode),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				requestCount(mock, mockgoto.GrantAuthorizationCode, 1, "the first apply"),
				codeForm(mock, 0, &code1),
				noSecretsInState(firstCode),
				statecheck.ExpectSensitiveValue(codeResource, tfjsonpath.New("refresh_token")),
				codeResult.expect("code_wo", knownvalue.Null()),
				codeResult.expect("refresh_token", knownvalue.StringRegexp(jwtShaped)),
				codeResult.expect("principal", knownvalue.StringExact(mockgoto.DemoUserID)),
				codeResult.expect("scope", knownvalue.StringExact("identity:scim.me collab:")),
				codeResult.expect("scopes", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("identity:scim.me"), knownvalue.StringExact("collab:"),
				})),
				codeResult.expect("exchanged_at", knownvalue.StringFunc(recentRFC3339)),
				codeResult.expect("id", knownvalue.StringRegexp(uuidV4)),
				noAccessTokenStored(),
				refreshedWithStoredToken(mock),
				accessTokenWorks(base),
				refreshToken.AddStateValue(codeResource, tfjsonpath.New("refresh_token")),
				id.AddStateValue(codeResource, tfjsonpath.New("id")),
			},
		}, {
			// A plan with the used code still configured changes nothing.
			Config:   provider + urlOutput + codeConfig("1") + refresh,
			PlanOnly: true,
		}, {
			// Neither does one without any code: it is needed only to create.
			PreConfig: func() { t.Setenv("TF_VAR_code", "") },
			Config:    provider + urlOutput + strings.Replace(codeConfig("1"), "var.code", "null", 1) + refresh,
			PlanOnly:  true,
		}, {
			PreConfig:    func() { t.Setenv("TF_VAR_code", code1) },
			RefreshState: true,
		}, {
			// A new code without a new version is not noticed: write-only
			// values are never compared. Only code_wo_version starts an exchange.
			PreConfig: func() {
				expectNow(t, requestCount(mock, mockgoto.GrantAuthorizationCode, 1, "the plans and the refresh"))
				code2 = newCode()
				t.Setenv("TF_VAR_code", code2)
			},
			Config:   provider + urlOutput + codeConfig("1") + refresh,
			PlanOnly: true,
		}, {
			PreConfig: func() {
				expectNow(t, requestCount(mock, mockgoto.GrantAuthorizationCode, 1, "a new code without a new version"))
			},
			Config: provider + urlOutput + codeConfig("2") + refresh,
			ConfigPlanChecks: tfresource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(codeResource, plancheck.ResourceActionReplace),
					noSecretsInPlan(newCode2),
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				requestCount(mock, mockgoto.GrantAuthorizationCode, 2, "the replacing apply"),
				codeForm(mock, 1, &code2),
				noSecretsInState(bothCodes),
				statecheck.ExpectSensitiveValue(codeResource, tfjsonpath.New("refresh_token")),
				refreshedWithStoredToken(mock),
				accessTokenWorks(base),
				refreshToken.AddStateValue(codeResource, tfjsonpath.New("refresh_token")),
				id.AddStateValue(codeResource, tfjsonpath.New("id")),
			},
		}},
	})
	expectNow(t, requestCount(mock, mockgoto.GrantAuthorizationCode, 2, "the post-apply plans, refreshes and the destroy"))
}

// A used code and an expired one fail with advice on getting a new one, and
// the refresh token already stored survives the failed replacement.
func TestAccResourceAuthorizationCodeExchange_refusedCode(t *testing.T) {
	requireCLI(t)
	mock, base := startMock(t)
	provider := providerConfig(t, base)
	t.Setenv("TF_VAR_code", mock.IssueCode(mockgoto.DemoClientID, testRedirectURI, "", ""))
	kept := statecheck.CompareValue(compare.ValuesSame())
	// Terraform wraps diagnostic text, so words are matched across any space.
	advice := `single\s+use\s+and\s+lives\s+about\s+ten\s+minutes[\s\S]*provider::goto::authorization_url[\s\S]*code_wo_version`

	tfresource.Test(t, tfresource.TestCase{
		TerraformVersionChecks:   writeOnlyCLI,
		ProtoV6ProviderFactories: factories(),
		Steps: []tfresource.TestStep{{
			Config: provider + codeConfig("1"),
			ConfigStateChecks: []statecheck.StateCheck{
				requestCount(mock, mockgoto.GrantAuthorizationCode, 1, "the first apply"),
				kept.AddStateValue(codeResource, tfjsonpath.New("refresh_token")),
			},
		}, {
			// The same code again.
			Config:      provider + codeConfig("2"),
			ExpectError: regexp.MustCompile(`Authorization Code Exchange Failed[\s\S]*"invalid_grant":\s+authorization\s+code\s+already\s+used[\s\S]*` + advice),
		}, {
			Config: provider + codeConfig("1"),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				requestCount(mock, mockgoto.GrantAuthorizationCode, 2, "the used code"),
				kept.AddStateValue(codeResource, tfjsonpath.New("refresh_token")),
			},
		}, {
			// A fresh code, but older than its ten minutes.
			PreConfig: func() {
				t.Setenv("TF_VAR_code", mock.IssueCode(mockgoto.DemoClientID, testRedirectURI, "", ""))
				mock.Advance(mockgoto.DefaultCodeTTL + time.Minute)
			},
			Config:      provider + codeConfig("3"),
			ExpectError: regexp.MustCompile(`authorization\s+code\s+expired[\s\S]*` + advice),
		}, {
			PreConfig: func() { expectNow(t, requestCount(mock, mockgoto.GrantAuthorizationCode, 3, "the expired code")) },
			Config:    provider + codeConfig("1"),
			ConfigStateChecks: []statecheck.StateCheck{
				kept.AddStateValue(codeResource, tfjsonpath.New("refresh_token")),
			},
		}},
	})
	expectNow(t, requestCount(mock, mockgoto.GrantAuthorizationCode, 3, "the test"))
}

// Creating without a code fails at plan, before anything is sent.
func TestAccResourceAuthorizationCodeExchange_missingCode(t *testing.T) {
	requireCLI(t)
	mock, base := startMock(t)
	provider := providerConfig(t, base)
	t.Setenv("TF_VAR_code", "")
	tfresource.Test(t, tfresource.TestCase{
		TerraformVersionChecks:   writeOnlyCLI,
		ProtoV6ProviderFactories: factories(),
		Steps: []tfresource.TestStep{{
			Config:      provider + strings.Replace(codeConfig("1"), "var.code", "null", 1),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`Missing Authorization Code[\s\S]*code_wo\s+is\s+null\s+or\s+empty`),
		}, {
			// The diagnostic offers a sign-in URL for the provider's client.
			Config:   provider + codeConfig("1"),
			PlanOnly: true,
			ExpectError: regexp.MustCompile(`Missing Authorization Code[\s\S]*Open\s+` + regexp.QuoteMeta(base+"/oauth/authorize?client_id="+
				mockgoto.DemoClientID+"&redirect_uri="+url.QueryEscape(testRedirectURI)+"&response_type=code") + `\s`),
		}},
	})
	expectNow(t, requestCount(mock, mockgoto.GrantAuthorizationCode, 0, "the test"))
}

// A redirect URI given at authorize must be repeated; the resource sends
// none when it is null, which suits codes issued without one.
func TestAccResourceAuthorizationCodeExchange_redirectURI(t *testing.T) {
	requireCLI(t)
	mock, base := startMock(t)
	provider := providerConfig(t, base)
	t.Setenv("TF_VAR_code", mock.IssueCode(mockgoto.DemoClientID, "", "", ""))
	noRedirect := strings.Replace(codeConfig("1"), fmt.Sprintf("redirect_uri    = %q", testRedirectURI), "", 1)
	tfresource.Test(t, tfresource.TestCase{
		TerraformVersionChecks:   writeOnlyCLI,
		ProtoV6ProviderFactories: factories(),
		Steps: []tfresource.TestStep{{
			Config:      provider + strings.Replace(codeConfig("1"), testRedirectURI, "callback", 1),
			ExpectError: regexp.MustCompile(`Invalid Redirect URI`),
		}, {
			Config: provider + noRedirect,
			ConfigStateChecks: []statecheck.StateCheck{
				requestCount(mock, mockgoto.GrantAuthorizationCode, 1, "apply"),
				checkNow(func() error {
					if form := mock.Forms(mockgoto.GrantAuthorizationCode)[0]; form.Has("redirect_uri") {
						return errors.New("the exchange sent a redirect_uri although none was configured")
					}
					return nil
				}),
				codeResult.expect("redirect_uri", knownvalue.Null()),
			},
		}, {
			// Setting it afterwards replaces the resource, with a new code.
			PreConfig: func() { t.Setenv("TF_VAR_code", mock.IssueCode(mockgoto.DemoClientID, testRedirectURI, "", "")) },
			Config:    provider + codeConfig("1"),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(codeResource, plancheck.ResourceActionReplace)},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				requestCount(mock, mockgoto.GrantAuthorizationCode, 2, "the replacing apply"),
				checkNow(func() error {
					if got := mock.Forms(mockgoto.GrantAuthorizationCode)[1].Get("redirect_uri"); got != testRedirectURI {
						return fmt.Errorf("the exchange sent redirect_uri %q, want %q", got, testRedirectURI)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAuthorizationCodeExchangeSchema(t *testing.T) {
	var resp resource.SchemaResponse
	newAuthorizationCodeExchange().Schema(t.Context(), resource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", resp.Diagnostics)
	}
	attrs := resp.Schema.Attributes
	code := attrs["code_wo"].(schema.StringAttribute)
	if !code.WriteOnly || !code.Sensitive || code.Computed {
		t.Errorf("code_wo must be write-only, sensitive and not computed: %+v", code)
	}
	if rt := attrs["refresh_token"].(schema.StringAttribute); !rt.Sensitive || !rt.Computed {
		t.Error("refresh_token must be computed and sensitive")
	}
	for _, name := range []string{"code_wo_version", "redirect_uri"} {
		a := attrs[name].(schema.StringAttribute)
		replaces := false
		for _, m := range a.PlanModifiers {
			replaces = replaces || m.Description(t.Context()) == stringplanmodifier.RequiresReplace().Description(t.Context())
		}
		if !replaces {
			t.Errorf("%s must require replacement", name)
		}
	}
	for name, a := range attrs {
		if name != "code_wo" && a.IsSensitive() && name != "refresh_token" {
			t.Errorf("unexpected sensitive attribute %s", name)
		}
		if strings.Contains(name, "access") {
			t.Errorf("attribute %s: the access token must not be stored", name)
		}
	}
}

func TestAuthorizationCodeExchangeFailedDiagnostic(t *testing.T) {
	used := &gotoauth.Error{Exchange: gotoauth.AuthorizationCode, Status: 400, Code: "invalid_grant",
		Description: "authorization code already used", Attempts: 1, Hint: "generic hint"}
	d := codeExchangeFailed(used)
	if d.Summary() != "Authorization Code Exchange Failed" {
		t.Errorf("summary %q", d.Summary())
	}
	for _, want := range []string{`HTTP 400 with "invalid_grant": authorization code already used.`, "single use", "ten minutes",
		"provider::goto::authorization_url", "set code_wo", "change code_wo_version", "redirect_uri must equal"} {
		if !strings.Contains(d.Detail(), want) {
			t.Errorf("detail lacks %q:\n%s", want, d.Detail())
		}
	}
	if strings.Contains(d.Detail(), "generic hint") {
		t.Errorf("detail:\n%s", d.Detail())
	}

	other := &gotoauth.Error{Exchange: gotoauth.AuthorizationCode, Status: 401, Code: "invalid_client", Hint: "Check the client."}
	if d := codeExchangeFailed(other); !strings.HasSuffix(d.Detail(), "Check the client.") || strings.Contains(d.Detail(), "single use") {
		t.Errorf("other errors keep their own hint:\n%s", d.Detail())
	}
}

func TestAuthorizationCodeExchangeRandomID(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		id, err := randomID()
		if err != nil {
			t.Fatal(err)
		}
		if !uuidV4.MatchString(id) || seen[id] {
			t.Fatalf("bad or repeated id %q", id)
		}
		seen[id] = true
	}
}

// captureOutput stores a string output's value for later steps.
func captureOutput(name string, into *string) statecheck.StateCheck {
	return checkState(func(s *tfjson.State) error {
		if s == nil || s.Values == nil || s.Values.Outputs[name] == nil {
			return fmt.Errorf("no output %q in the state", name)
		}
		v, ok := s.Values.Outputs[name].Value.(string)
		if !ok {
			return fmt.Errorf("output %q is not a string", name)
		}
		*into = v
		return nil
	})
}

// codeForm checks the n-th authorization_code request carried the code and
// the configured redirect URI.
func codeForm(mock *mockgoto.Server, n int, code *string) statecheck.StateCheck {
	return checkNow(func() error {
		forms := mock.Forms(mockgoto.GrantAuthorizationCode)
		if len(forms) <= n {
			return fmt.Errorf("the mock saw %d authorization_code requests, want at least %d", len(forms), n+1)
		}
		if forms[n].Get("code") != *code {
			return errors.New("the exchange did not send the code from the redirect")
		}
		if got := forms[n].Get("redirect_uri"); got != testRedirectURI {
			return fmt.Errorf("the exchange sent redirect_uri %q, want %q", got, testRedirectURI)
		}
		return nil
	})
}

// noAccessTokenStored checks the resource keeps no attribute holding the
// exchange's access token, which would be a live credential in state.
func noAccessTokenStored() statecheck.StateCheck {
	return checkState(func(s *tfjson.State) error {
		for _, r := range s.Values.RootModule.Resources {
			if r.Address != codeResource {
				continue
			}
			for name, v := range r.AttributeValues {
				if str, ok := v.(string); ok && name != "refresh_token" && jwtShaped.MatchString(str) {
					return fmt.Errorf("attribute %s holds a token", name)
				}
			}
			return nil
		}
		return fmt.Errorf("%s is not in the state", codeResource)
	})
}

// refreshedWithStoredToken checks the latest refresh_token exchange sent the
// refresh token the resource stored.
func refreshedWithStoredToken(mock *mockgoto.Server) statecheck.StateCheck {
	return checkState(func(s *tfjson.State) error {
		stored, err := codeResult.string(s, "refresh_token")
		if err != nil {
			return err
		}
		forms := mock.Forms(mockgoto.GrantRefreshToken)
		if len(forms) == 0 {
			return errors.New("no refresh_token exchange reached the mock")
		}
		if forms[len(forms)-1].Get("refresh_token") != stored {
			return errors.New("the refresh_token exchange did not send the stored refresh token")
		}
		return nil
	})
}

// accessTokenWorks calls the mock's /me with the refresh exchange's header.
func accessTokenWorks(base string) statecheck.StateCheck {
	return checkState(func(s *tfjson.State) error {
		header, err := dataSourceTwin.result(refreshType, "").string(s, "authorization_header")
		if err != nil {
			return err
		}
		req, err := http.NewRequest(http.MethodGet, base+"/admin/rest/v1/me", nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", header)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		var me struct {
			Email string `json:"email"`
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("/admin/rest/v1/me answered %d to the access token", resp.StatusCode)
		}
		if err := json.NewDecoder(resp.Body).Decode(&me); err != nil || me.Email != mockgoto.DemoUserID {
			return fmt.Errorf("/admin/rest/v1/me answered for %q, want %q", me.Email, mockgoto.DemoUserID)
		}
		return nil
	})
}

func recentRFC3339(v string) error {
	at, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return err
	}
	if age := time.Since(at); age < -time.Minute || age > 10*time.Minute {
		return fmt.Errorf("%s is not recent", v)
	}
	return nil
}

// With revoke_on_destroy, destroying the resource revokes the stored refresh
// token, which GoTo then refuses; without it, nothing is revoked.
func TestAccResourceAuthorizationCodeExchange_revokeOnDestroy(t *testing.T) {
	requireCLI(t)
	mock, base := startMock(t)
	provider := providerConfig(t, base)
	t.Setenv("TF_VAR_code", mock.IssueCode(mockgoto.DemoClientID, testRedirectURI, "", ""))
	var stored string
	keep := checkState(func(s *tfjson.State) error {
		var err error
		stored, err = codeResult.string(s, "refresh_token")
		return err
	})
	revokeOnDestroy := strings.Replace(codeConfig("1"), "redirect_uri ", "revoke_on_destroy = true\n  redirect_uri ", 1)
	tfresource.Test(t, tfresource.TestCase{
		TerraformVersionChecks:   writeOnlyCLI,
		ProtoV6ProviderFactories: factories(),
		Steps: []tfresource.TestStep{{
			Config: provider + codeConfig("1"),
			ConfigStateChecks: []statecheck.StateCheck{
				codeResult.expect("revoke_on_destroy", knownvalue.Null()),
			},
		}, {
			// Turning it on changes nothing at GoTo.
			Config: provider + revokeOnDestroy,
			ConfigStateChecks: []statecheck.StateCheck{
				codeResult.expect("revoke_on_destroy", knownvalue.Bool(true)),
				requestCount(mock, mockgoto.GrantAuthorizationCode, 1, "turning revoke_on_destroy on"),
				requestCount(mock, mockgoto.Revocations, 0, "turning revoke_on_destroy on"),
				keep,
			},
		}},
		CheckDestroy: func(*terraform.State) error {
			forms := mock.Forms(mockgoto.Revocations)
			if len(forms) != 1 || forms[0].Get("token") != stored || forms[0].Get("token_type_hint") != "refresh_token" {
				return fmt.Errorf("destroy sent %d revocations, want one of the stored refresh token", len(forms))
			}
			_, err := refreshWith(base, stored)
			if err == nil || !strings.Contains(err.Error(), "invalid_grant") {
				return fmt.Errorf("the revoked refresh token was not refused: %w", err)
			}
			return nil
		},
	})
}

// refreshWith exchanges a refresh token at the mock as the demo client.
func refreshWith(base, refreshToken string) (*gotoauth.Token, error) {
	c, err := gotoauth.New(gotoauth.Config{ClientID: mockgoto.DemoClientID, ClientSecret: mockgoto.DemoClientSecret,
		TokenURL: base + "/oauth/token", MaxRetries: new(int)})
	if err != nil {
		return nil, err
	}
	return c.ExchangeRefreshToken(context.Background(), refreshToken, 0)
}

// A revocation that fails on destroy is a warning, and the resource is
// removed all the same.
func TestAccResourceAuthorizationCodeExchange_revokeOnDestroyFailureWarns(t *testing.T) {
	requireWriteOnlyCLI(t)
	mock, base := startMock(t)
	// The provider is served in this process, so it sees GOTO_*; the CLI
	// does not see TF_VAR_*, so the code is the variable's default.
	t.Setenv("GOTO_CLIENT_SECRET", mockgoto.DemoClientSecret)
	code := mock.IssueCode(mockgoto.DemoClientID, testRedirectURI, "", "")
	settings := mockSettings(base)
	settings["revoke_url"] = fmt.Sprintf("%q", base+"/nowhere")
	config := strings.Replace(codeConfig("1"), "redirect_uri ", "revoke_on_destroy = true\n  redirect_uri ", 1)
	cli := newTerraformCLI(t, gotoProviderBlock(settings)+strings.Replace(config, "default   = null", fmt.Sprintf("default   = %q", code), 1))
	if _, err := cli.run("apply", "-auto-approve"); err != nil {
		t.Fatal(err)
	}
	out, err := cli.run("destroy", "-auto-approve")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Warning: Refresh Token Not Revoked", "HTTP 404", "Check revoke_url", "removed all the same", "Destroy complete! Resources: 1 destroyed."} {
		if !wrapped(want).MatchString(out) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	if n := mock.Count(mockgoto.Revocations); n != 0 {
		t.Errorf("the mock saw %d revocations", n)
	}
}
