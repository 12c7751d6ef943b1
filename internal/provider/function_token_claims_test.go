package provider

import (
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// fakeJWT wraps a JSON payload in a JWT shape with a dummy signature.
func fakeJWT(payload string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"none"}`)) + "." + enc([]byte(payload)) + "." + enc([]byte("not-a-signature"))
}

func runTokenClaims(t *testing.T, token string) (types.Object, *function.FuncError) {
	t.Helper()
	resp := function.RunResponse{Result: function.NewResultData(types.ObjectUnknown(tokenClaimsTypes))}
	newTokenClaimsFunction().Run(t.Context(), function.RunRequest{
		Arguments: function.NewArgumentsData([]attr.Value{types.StringValue(token)}),
	}, &resp)
	if resp.Error != nil {
		return types.Object{}, resp.Error
	}
	return resp.Result.Value().(types.Object), nil
}

func TestTokenClaimsFunction(t *testing.T) {
	str := types.StringValue
	list := func(v ...string) attr.Value { return stringList(v) }
	tests := []struct {
		name    string
		payload string
		want    map[string]attr.Value
	}{{
		name:    "GoTo access token",
		payload: `{"sc":"collab: identity:scim.me","sub":"u@example.com","aud":"client-1","typ":"a","jti":"j1","iat":1700000000,"exp":1700003600}`,
		want: map[string]attr.Value{
			"sub": str("u@example.com"), "aud": list("client-1"), "scopes": list("collab:", "identity:scim.me"), "typ": str("a"),
			"jti": str("j1"), "iat": types.Int64Value(1700000000), "exp": types.Int64Value(1700003600), "expires_at": str("2023-11-14T23:13:20Z"),
		},
	}, {
		name:    "list audience and missing claims",
		payload: `{"aud":["a","b"]}`,
		want: map[string]attr.Value{
			"sub": types.StringNull(), "aud": list("a", "b"), "scopes": list(), "typ": types.StringNull(),
			"jti": types.StringNull(), "iat": types.Int64Null(), "exp": types.Int64Null(), "expires_at": types.StringNull(),
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ferr := runTokenClaims(t, fakeJWT(tt.payload))
			if ferr != nil {
				t.Fatalf("unexpected error: %s", ferr.Text)
			}
			want := types.ObjectValueMust(tokenClaimsTypes, tt.want)
			if !got.Equal(want) {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}

func TestTokenClaimsFunctionRejectsWithoutQuoting(t *testing.T) {
	secret := "pat-9f8e7d6c5b4a3210"
	for name, token := range map[string]string{
		"opaque":              secret,
		"two parts":           secret + "." + secret,
		"payload not base64":  secret + ".!!" + secret + "!!." + secret,
		"payload not claims":  secret + "." + base64.RawURLEncoding.EncodeToString([]byte(`["`+secret+`"]`)) + "." + secret,
		"aud of wrong type":   fakeJWT(`{"aud":{"x":"` + secret + `"}}`),
		"payload is a string": fakeJWT(`"` + secret + `"`),
	} {
		t.Run(name, func(t *testing.T) {
			_, ferr := runTokenClaims(t, token)
			if ferr == nil {
				t.Fatal("expected an error")
			}
			if ferr.FunctionArgument == nil || *ferr.FunctionArgument != 0 {
				t.Errorf("the error does not blame the token argument")
			}
			if strings.Contains(ferr.Text, secret) {
				t.Errorf("the error quotes the token")
			}
			if !strings.HasPrefix(ferr.Text, "the token") || strings.HasSuffix(ferr.Text, ".") {
				t.Errorf("unexpected error text %q", ferr.Text)
			}
		})
	}
}

func TestAccFunctionTokenClaims(t *testing.T) {
	requireCLI(t)
	mock, _ := startMock(t)
	issued := time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)
	mock.SetClock(func() time.Time { return issued })
	t.Setenv("TF_VAR_token", mock.IssueAccessToken(mockgoto.DemoClientID, mockgoto.DemoUserID, "identity:scim.me collab:"))
	expires := issued.Add(mockgoto.DefaultAccessTTL)

	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   functionCLI,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: `
variable "token" {
  type      = string
  sensitive = true
}

output "test" {
  value     = provider::goto::token_claims(var.token)
  sensitive = true
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("test", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"sub":        knownvalue.StringExact(mockgoto.DemoUserID),
					"aud":        knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(mockgoto.DemoClientID)}),
					"scopes":     knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("identity:scim.me"), knownvalue.StringExact("collab:")}),
					"typ":        knownvalue.StringExact("a"),
					"jti":        knownvalue.StringRegexp(regexp.MustCompile(`^[\w-]{16,}$`)),
					"iat":        knownvalue.Int64Exact(issued.Unix()),
					"exp":        knownvalue.Int64Exact(expires.Unix()),
					"expires_at": knownvalue.StringExact(expires.Format(time.RFC3339)),
				})),
			},
		}, {
			// The function is pure: an opaque token fails the plan.
			Config: `
output "test" {
  value = provider::goto::token_claims("opaque-value")
}
`,
			ExpectError: regexp.MustCompile(`Invalid value for "token" parameter: the token is\s+not\s+JWT-shaped:\s+it\s+has\s+1\s+dot-separated\s+parts`),
		}},
	})
}
