package provider

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// runAuthorizationURL calls the function as Terraform would.
func runAuthorizationURL(t *testing.T, args ...attr.Value) (string, *function.FuncError) {
	t.Helper()
	resp := function.RunResponse{Result: function.NewResultData(types.StringUnknown())}
	newAuthorizationURLFunction().Run(t.Context(), function.RunRequest{Arguments: function.NewArgumentsData(args)}, &resp)
	if resp.Error != nil {
		return "", resp.Error
	}
	return resp.Result.Value().(types.String).ValueString(), nil
}

func TestAuthorizationURLFunction(t *testing.T) {
	str := types.StringValue
	null := types.StringNull()
	tests := []struct {
		name     string
		tokenURL string
		args     []attr.Value
		want     string
	}{{
		name: "all arguments",
		args: []attr.Value{str("my-client"), str("https://app.example.com/cb?x=1"), str("collab: identity:scim.me"), str("s 1")},
		want: "https://authentication.logmeininc.com/oauth/authorize?client_id=my-client&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb%3Fx%3D1" +
			"&response_type=code&scope=collab%3A+identity%3Ascim.me&state=s+1",
	}, {
		name: "null redirect_uri, scope and state are left out",
		args: []attr.Value{str("my-client"), null, null, null},
		want: "https://authentication.logmeininc.com/oauth/authorize?client_id=my-client&response_type=code",
	}, {
		name: "empty strings are left out as null is",
		args: []attr.Value{str("my-client"), str(""), str(""), str("")},
		want: "https://authentication.logmeininc.com/oauth/authorize?client_id=my-client&response_type=code",
	}, {
		name:     "GOTO_TOKEN_URL moves the endpoint",
		tokenURL: "http://127.0.0.1:8080/oauth/token",
		args:     []attr.Value{str("c"), str("https://app.example.com/cb"), null, str("xyz")},
		want:     "http://127.0.0.1:8080/oauth/authorize?client_id=c&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&response_type=code&state=xyz",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("GOTO_TOKEN_URL", tt.tokenURL)
			got, ferr := runAuthorizationURL(t, tt.args...)
			if ferr != nil {
				t.Fatalf("unexpected error: %s", ferr.Text)
			}
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestAuthorizationURLFunctionErrors(t *testing.T) {
	str := types.StringValue
	null := types.StringNull()
	tests := []struct {
		name     string
		tokenURL string
		args     []attr.Value
		argument int64 // -1: a function error, not an argument's
		text     string
	}{
		{name: "empty client_id", args: []attr.Value{str(""), null, null, null}, argument: 0, text: "client_id must not be empty"},
		{name: "relative redirect_uri", args: []attr.Value{str("c"), str("/callback"), null, null}, argument: 1, text: "absolute URL"},
		{name: "plain http token URL on a remote host", tokenURL: "http://auth.example.com/oauth/token",
			args: []attr.Value{str("c"), null, null, null}, argument: -1, text: "GOTO_TOKEN_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("GOTO_TOKEN_URL", tt.tokenURL)
			_, ferr := runAuthorizationURL(t, tt.args...)
			if ferr == nil {
				t.Fatal("expected an error")
			}
			if !strings.Contains(ferr.Text, tt.text) {
				t.Errorf("error %q does not mention %q", ferr.Text, tt.text)
			}
			got := int64(-1)
			if ferr.FunctionArgument != nil {
				got = *ferr.FunctionArgument
			}
			if got != tt.argument {
				t.Errorf("error blames argument %d, want %d", got, tt.argument)
			}
		})
	}
}

func TestAccFunctionAuthorizationURL(t *testing.T) {
	requireCLI(t)
	t.Setenv("GOTO_TOKEN_URL", "")
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   functionCLI,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: `
output "test" {
  value = provider::goto::authorization_url("demo-client", "https://app.example.com/callback", "collab: identity:scim.me", "af0ifjsldkj")
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("test", knownvalue.StringExact(
					"https://authentication.logmeininc.com/oauth/authorize?client_id=demo-client&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback"+
						"&response_type=code&scope=collab%3A+identity%3Ascim.me&state=af0ifjsldkj")),
			},
		}, {
			SkipFunc: cliDropsNullArguments,
			Config: `
output "test" {
  value = provider::goto::authorization_url("demo-client", "https://app.example.com/callback", null, null)
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("test", knownvalue.StringExact(
					"https://authentication.logmeininc.com/oauth/authorize?client_id=demo-client&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback&response_type=code")),
			},
		}, {
			SkipFunc: cliDropsNullArguments,
			Config: `
output "test" {
  value = provider::goto::authorization_url("demo-client", null, null, null)
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("test", knownvalue.StringExact(
					"https://authentication.logmeininc.com/oauth/authorize?client_id=demo-client&response_type=code")),
			},
		}, {
			// Empty strings leave arguments out too, on every CLI.
			Config: `
output "test" {
  value = provider::goto::authorization_url("demo-client", "", "", "")
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("test", knownvalue.StringExact(
					"https://authentication.logmeininc.com/oauth/authorize?client_id=demo-client&response_type=code")),
			},
		}, {
			Config: `
output "test" {
  value = provider::goto::authorization_url("", "", "", "")
}
`,
			ExpectError: regexp.MustCompile(`Invalid value for "client_id" parameter: client_id must not be empty`),
		}, {
			Config: `
output "test" {
  value = provider::goto::authorization_url("demo-client", "callback", "", "")
}
`,
			ExpectError: regexp.MustCompile(`Invalid value for "redirect_uri" parameter: redirect_uri must be an\s+absolute\s+URL`),
		}, {
			PreConfig: func() { t.Setenv("GOTO_TOKEN_URL", "http://auth.example.com/oauth/token") },
			Config: `
output "test" {
  value = provider::goto::authorization_url("demo-client", "", "", "")
}
`,
			ExpectError: regexp.MustCompile(`GOTO_TOKEN_URL\s+environment\s+variable[\s\S]*plain\s+http\s+on\s+a\s+non-loopback\s+host`),
		}},
	})
}

// cliDropsNullArguments skips steps that pass null to a provider function
// under OpenTofu: 1.12.6 sends such an argument without any value, which
// terraform-plugin-framework rejects before the function runs.
func cliDropsNullArguments() (bool, error) {
	return os.Getenv("TF_ACC_PROVIDER_HOST") == "registry.opentofu.org" ||
		strings.Contains(filepath.Base(os.Getenv("TF_ACC_TERRAFORM_PATH")), "tofu"), nil
}

// The URL the function builds from GOTO_TOKEN_URL is one the mock's authorize
// endpoint accepts, and its redirect carries a code and the state.
func TestAccFunctionAuthorizationURL_followsTokenURL(t *testing.T) {
	requireCLI(t)
	_, base := startMock(t)
	t.Setenv("GOTO_TOKEN_URL", base+"/oauth/token")
	var built string
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   functionCLI,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: `
output "test" {
  value = provider::goto::authorization_url("` + mockgoto.DemoClientID + `", "` + mockgoto.DemoRedirectURI + `", "collab:", "st-1")
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("test", knownvalue.StringRegexp(regexp.MustCompile(`^`+regexp.QuoteMeta(base)+`/oauth/authorize\?`))),
				captureOutput("test", &built),
			},
		}},
	})
	back := followAuthorize(t, built)
	if got := back.Query().Get("state"); got != "st-1" {
		t.Errorf("state in the redirect = %q, want st-1", got)
	}
	if back.Query().Get("code") == "" || back.Query().Get("error") != "" {
		t.Errorf("the redirect carries no code (error %q)", back.Query().Get("error"))
	}
}

// The documented call with every optional argument null works against the
// demo mock: its demo client has a registered redirect URI to fall back on.
func TestAccFunctionAuthorizationURL_nullsAgainstTheDemoMock(t *testing.T) {
	requireCLI(t)
	_, base := startMock(t)
	t.Setenv("GOTO_TOKEN_URL", base+"/oauth/token")
	var built string
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   functionCLI,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: `
output "test" {
  value = provider::goto::authorization_url("` + mockgoto.DemoClientID + `", null, null, null)
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("test", knownvalue.StringExact(base+"/oauth/authorize?client_id="+mockgoto.DemoClientID+"&response_type=code")),
				captureOutput("test", &built),
			},
		}},
	})
	back := followAuthorize(t, built)
	if got := back.Scheme + "://" + back.Host + back.Path; got != mockgoto.DemoRedirectURI {
		t.Errorf("the mock redirected to %s, want the demo client's registered %s", got, mockgoto.DemoRedirectURI)
	}
	if back.Query().Get("code") == "" || back.Query().Get("error") != "" {
		t.Errorf("the redirect carries no code (error %q)", back.Query().Get("error"))
	}
}

// followAuthorize opens an authorization URL at the mock, which consents at
// once, and returns the address it redirects to. The code in it is a secret:
// callers must not log it.
func followAuthorize(t *testing.T, authorizationURL string) *url.URL {
	t.Helper()
	if authorizationURL == "" {
		t.Fatal("no authorization URL was captured")
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(authorizationURL)
	if err != nil {
		t.Fatalf("opening the authorization URL: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("the authorize endpoint answered %d, want 302", resp.StatusCode)
	}
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		// The error would quote the Location, code and all.
		t.Fatal("the redirect's Location is not a URL")
	}
	return back
}
