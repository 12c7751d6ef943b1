package mockgoto

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"time"
)

// Token types in the typ claim, as GoTo uses them.
const (
	typeAccess  = "a"
	typeRefresh = "r"
	typeCode    = "c"
)

// claims are GoTo's token claims. The field order fixes the JSON order.
type claims struct {
	Scope     string `json:"sc"`
	Subject   string `json:"sub"`
	Audience  string `json:"aud"`
	Type      string `json:"typ"`
	ID        string `json:"jti"`
	IssuedAt  int64  `json:"iat"`
	ExpiresAt int64  `json:"exp"`
}

var jwtHeader = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS512","typ":"JWT"}`))

// newJWT mints a JWT-shaped token with a random jti and a random (not a real)
// signature: GoTo tokens are opaque to clients, but clients may decode them.
func newJWT(typ, clientID, principal, scope string, iat, exp time.Time) string {
	c := claims{
		Scope:     scope,
		Subject:   principal,
		Audience:  clientID,
		Type:      typ,
		ID:        randomString(16),
		IssuedAt:  iat.Unix(),
		ExpiresAt: exp.Unix(),
	}
	payload, _ := json.Marshal(c) // cannot fail: only strings and ints
	return jwtHeader + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + randomString(32)
}

// randomString is n random bytes, base64url encoded.
func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}
