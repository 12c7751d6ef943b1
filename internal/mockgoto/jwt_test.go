package mockgoto

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"
)

func TestJWTShape(t *testing.T) {
	iat := time.Unix(1_700_000_000, 0)
	tok := newJWT(typeAccess, "app", "alice@example.com", "collab: identity:scim.me", iat, iat.Add(time.Hour))
	parts := strings.Split(tok, ".")
	head, _ := base64.RawURLEncoding.DecodeString(parts[0])
	if string(head) != `{"alg":"RS512","typ":"JWT"}` {
		t.Fatalf("header %s", head)
	}
	if sig, err := base64.RawURLEncoding.DecodeString(parts[2]); err != nil || len(sig) != 32 {
		t.Fatalf("signature %d bytes, %v", len(sig), err)
	}
	c := decodeClaims(t, tok)
	want := claims{Scope: "collab: identity:scim.me", Subject: "alice@example.com", Audience: "app", Type: "a",
		ID: c.ID, IssuedAt: iat.Unix(), ExpiresAt: iat.Unix() + 3600}
	if c != want || c.ID == "" {
		t.Fatalf("claims %+v, want %+v", c, want)
	}
	if other := newJWT(typeAccess, "app", "alice@example.com", "collab:", iat, iat); other == tok || decodeClaims(t, other).ID == c.ID {
		t.Fatal("tokens are not unique")
	}
}
