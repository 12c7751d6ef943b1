package gotoauth

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

func jwt(payload string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS512"}`)) + "." + enc([]byte(payload)) + "." + enc([]byte("sig"))
}

func TestParseClaims(t *testing.T) {
	c, err := ParseClaims(jwt(`{"sub":"ann@example.com","aud":"client-1","sc":"identity: collab:","typ":"a","jti":"j1","iat":1700000000,"exp":1700003600}`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Subject != "ann@example.com" || c.Audience[0] != "client-1" || len(c.Scopes) != 2 || c.Type != "a" || c.ID != "j1" {
		t.Fatalf("unexpected claims %+v", c)
	}
	if !c.ExpiresAt.Equal(time.Unix(1700003600, 0)) || !c.IssuedAt.Equal(time.Unix(1700000000, 0)) {
		t.Fatalf("times %s %s", c.IssuedAt, c.ExpiresAt)
	}
	if c, err := ParseClaims(jwt(`{"aud":["a","b"]}`)); err != nil || len(c.Audience) != 2 {
		t.Fatalf("list audience: %v %+v", err, c)
	}
}

func TestParseClaimsRejectsWithoutQuotingTheToken(t *testing.T) {
	for _, token := range []string{"opaque-secret-token", "a.!!!.c", jwt(`[1,2]`), jwt(`{"aud":5}`)} {
		_, err := ParseClaims(token)
		if err == nil {
			t.Fatalf("%q: want an error", token)
		}
		if strings.Contains(err.Error(), token) {
			t.Fatalf("error quotes the token: %v", err)
		}
	}
}
