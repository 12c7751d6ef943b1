package gotoauth

import (
	"strings"
	"testing"
	"time"
)

var receipt = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func TestParseTokenResponse(t *testing.T) {
	tok, err := ParseTokenResponse([]byte(`{"access_token":"a.b.c","token_type":"Bearer","expires_in":3600,"scope":"identity: collab:","principal":"ann@example.com"}`), receipt)
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "a.b.c" || tok.TokenType != "Bearer" || tok.ExpiresIn != 3600 || tok.Principal != "ann@example.com" {
		t.Fatalf("unexpected token %+v", tok)
	}
	if want := receipt.Add(time.Hour); !tok.ExpiresAt.Equal(want) {
		t.Fatalf("expires_at %s, want %s", tok.ExpiresAt, want)
	}
	if strings.Join(tok.Scopes, ",") != "identity:,collab:" {
		t.Fatalf("scopes %q", tok.Scopes)
	}
	if tok.AuthorizationHeader() != "Bearer a.b.c" {
		t.Fatalf("header %q", tok.AuthorizationHeader())
	}
}

func TestParseTokenResponseLegacyDirectLogin(t *testing.T) {
	body := `{"access_token":"tok","expires_in":"3600","organizer_key":1234567,"account_key":"99","account_type":"corporate",` +
		`"firstName":"Ann","lastName":"Lee","email":"ann@example.com","platform":"GLOBAL","version":2,"refresh_token":"r"}`
	tok, err := ParseTokenResponse([]byte(body), receipt)
	if err != nil {
		t.Fatal(err)
	}
	if tok.ExpiresIn != 3600 || tok.TokenType != "Bearer" || tok.OrganizerKey != "1234567" || tok.Version != "2" ||
		tok.FirstName != "Ann" || tok.Principal != "ann@example.com" || tok.RefreshToken != "r" {
		t.Fatalf("unexpected token %+v", tok)
	}
}

func TestParseTokenResponseRejects(t *testing.T) {
	cases := map[string]struct{ body, want string }{
		"empty":             {``, "empty"},
		"array":             {`[]`, "not a JSON object"},
		"truncated":         {`{"access_token":"x","exp`, "not valid JSON"},
		"no access token":   {`{"token_type":"Bearer","expires_in":3600}`, "no access_token"},
		"negative expiry":   {`{"access_token":"x","expires_in":-5}`, "negative"},
		"huge expiry":       {`{"access_token":"x","expires_in":9999999999}`, "longer than any GoTo token"},
		"text expiry":       {`{"access_token":"x","expires_in":"soon"}`, "not a number"},
		"unknown type":      {`{"access_token":"x","token_type":"mac","expires_in":3600}`, "only Bearer"},
		"header injection":  {`{"access_token":"x\r\nX-Evil: 1","expires_in":3600}`, "characters a token cannot have"},
		"object as a token": {`{"access_token":{"a":1},"expires_in":3600}`, "fields of a token response"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := ParseTokenResponse([]byte(c.body), receipt)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestParseTokenResponseFractionalAndMissingExpiry(t *testing.T) {
	tok, err := ParseTokenResponse([]byte(`{"access_token":"x","expires_in":59.9}`), receipt)
	if err != nil || tok.ExpiresIn != 59 {
		t.Fatalf("fractional: %v %+v", err, tok)
	}
	tok, err = ParseTokenResponse([]byte(`{"access_token":"x"}`), receipt)
	if err != nil || tok.ExpiresIn != 0 || !tok.ExpiresAt.IsZero() {
		t.Fatalf("missing: %v %+v", err, tok)
	}
}

func TestParseErrorBody(t *testing.T) {
	cases := []struct{ body, code, desc string }{
		{`{"error":"invalid_client","error_description":"client not found"}`, "invalid_client", "client not found"},
		{`{"int_err_code":"InvalidToken","msg":"Invalid token passed"}`, "InvalidToken", "Invalid token passed"},
		{`{"message":"This endpoint is no longer valid"}`, "", "This endpoint is no longer valid"},
		{`{"error":"invalid_grant","error_description":"code d\u00e9j\u00e0 utilis\u00e9\n"}`, "invalid_grant", "code déjà utilisé"},
	}
	for _, c := range cases {
		code, desc, ok := ParseErrorBody([]byte(c.body))
		if !ok || code != c.code || desc != c.desc {
			t.Errorf("%s: got %q %q %v", c.body, code, desc, ok)
		}
	}
	if _, _, ok := ParseErrorBody([]byte(`<html>Not Found</html>`)); ok {
		t.Error("an HTML page is not an error body")
	}
}
