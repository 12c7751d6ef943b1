package gotoauth

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// The seed corpora live in testdata/fuzz/<FuzzName>; plain go test runs them.

func FuzzParseTokenResponse(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		tok, err := ParseTokenResponse(body, receipt)
		if err != nil {
			if tok != nil {
				t.Fatal("a token came with an error")
			}
			return
		}
		if tok.AccessToken == "" || !isTokenText(tok.AccessToken) {
			t.Fatalf("access token %q is empty or not visible ASCII", tok.AccessToken)
		}
		if tok.RefreshToken != "" && !isTokenText(tok.RefreshToken) {
			t.Fatalf("refresh token %q is not visible ASCII", tok.RefreshToken)
		}
		if tok.TokenType != "Bearer" {
			t.Fatalf("token type %q, want Bearer", tok.TokenType)
		}
		if tok.ExpiresIn < 0 || tok.ExpiresIn > maxExpiresIn {
			t.Fatalf("expires_in %d outside [0, a year]", tok.ExpiresIn)
		}
		if want := receipt.Add(time.Duration(tok.ExpiresIn) * time.Second); !tok.ExpiresAt.IsZero() && !tok.ExpiresAt.Equal(want) {
			t.Fatalf("expires_at %s, want %s", tok.ExpiresAt, want)
		}
		if tok.AuthorizationHeader() != "Bearer "+tok.AccessToken {
			t.Fatalf("authorization header %q", tok.AuthorizationHeader())
		}
	})
}

func FuzzParseErrorBody(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		code, description, ok := ParseErrorBody(body)
		if !ok {
			if code != "" || description != "" {
				t.Fatal("text came with ok false")
			}
			return
		}
		if code == "" && description == "" {
			t.Fatal("ok with neither a code nor a description")
		}
		for _, s := range []string{code, description} {
			if n := utf8.RuneCountInString(s); n > maxDescription {
				t.Fatalf("%d characters, more than the cap of %d", n, maxDescription)
			}
			if strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
				t.Fatalf("%q holds a character that is not printable", s)
			}
			if s != strings.TrimSpace(s) {
				t.Fatalf("%q is not trimmed", s)
			}
		}
	})
}

func FuzzParseClaims(f *testing.F) {
	// The fixed wording of ParseClaims's errors: an input that is part of it
	// is a coincidence, not a leak.
	var wording strings.Builder
	enc := base64.RawURLEncoding.EncodeToString
	for _, bad := range []string{"x", "a.!!!.c", "a." + enc([]byte("[1]")) + ".c", "a." + enc([]byte(`{"aud":5}`)) + ".c", "a." + enc([]byte("{")) + ".c", "a..c"} {
		if _, err := ParseClaims(bad); err != nil {
			wording.WriteString(err.Error() + "\n")
		}
	}
	f.Fuzz(func(t *testing.T, token string) {
		claims, err := ParseClaims(token)
		if err != nil {
			if claims != nil {
				t.Fatal("claims came with an error")
			}
			if len(token) > 8 && strings.Contains(err.Error(), token) && !strings.Contains(wording.String(), token) {
				t.Fatalf("the error quotes its input: %v", err)
			}
			return
		}
		if claims.IssuedAt.Location() != time.UTC || claims.ExpiresAt.Location() != time.UTC {
			t.Fatal("claim times must be UTC")
		}
	})
}

func FuzzParseIdentity(f *testing.F) {
	f.Fuzz(func(t *testing.T, body []byte) {
		id, err := ParseIdentity(body)
		if err != nil {
			if id != nil {
				t.Fatal("an identity came with an error")
			}
			return
		}
		keys := []string{id.UserKey}
		for _, a := range id.Accounts {
			keys = append(keys, a.Key)
		}
		for _, k := range keys {
			if !isTokenText(k) {
				t.Fatalf("key %q is not visible ASCII", k)
			}
		}
		for _, s := range []string{id.Email, id.FirstName, id.LastName, id.DisplayName, id.Locale, id.TimeZone} {
			if strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) || utf8.RuneCountInString(s) > maxDescription {
				t.Fatalf("text %q holds control characters or is too long", s)
			}
		}
	})
}
