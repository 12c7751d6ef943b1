package gotoauth

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Claims are the readable claims of a JWT-shaped GoTo token. They are
// decoded, never verified: use them to inspect a token, not to trust it.
type Claims struct {
	Subject   string
	Audience  []string
	Scopes    []string
	Type      string
	ID        string
	IssuedAt  time.Time
	ExpiresAt time.Time
}

type rawClaims struct {
	Sub flexString      `json:"sub"`
	Aud json.RawMessage `json:"aud"`
	Sc  flexString      `json:"sc"`
	Typ flexString      `json:"typ"`
	Jti flexString      `json:"jti"`
	Iat *float64        `json:"iat"`
	Exp *float64        `json:"exp"`
}

// ParseClaims decodes the payload of a JWT-shaped token without verifying
// its signature. Errors never quote the token.
func ParseClaims(token string) (*Claims, error) {
	parts := strings.Split(strings.TrimSpace(token), ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("the token is not JWT-shaped: it has %d dot-separated parts, a JWT has 3", len(parts))
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil, errors.New("the token's payload is not base64url")
	}
	var raw rawClaims
	if decodeObject(payload, &raw) != nil {
		return nil, errors.New("the token's payload is not a JSON object of claims")
	}
	aud, err := audience(raw.Aud)
	if err != nil {
		return nil, err
	}
	return &Claims{
		Subject:   string(raw.Sub),
		Audience:  aud,
		Scopes:    strings.Fields(string(raw.Sc)),
		Type:      string(raw.Typ),
		ID:        string(raw.Jti),
		IssuedAt:  unixTime(raw.Iat),
		ExpiresAt: unixTime(raw.Exp),
	}, nil
}

// audience accepts the aud claim as one string or a list of them.
func audience(raw json.RawMessage) ([]string, error) {
	if raw == nil || string(raw) == "null" {
		return nil, nil
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}, nil
	}
	var many []string
	if json.Unmarshal(raw, &many) == nil {
		return many, nil
	}
	return nil, errors.New("the token's aud claim is neither a string nor a list of strings")
}

func unixTime(v *float64) time.Time {
	if v == nil {
		return time.Time{}
	}
	return time.Unix(int64(*v), 0).UTC()
}
