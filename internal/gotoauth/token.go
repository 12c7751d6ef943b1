package gotoauth

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxExpiresIn rejects lifetimes no GoTo token has (a year); a larger value
// means a broken server, and trusting it would cache a token far too long.
const maxExpiresIn = 365 * 24 * 60 * 60

// Token is the result of an exchange.
type Token struct {
	AccessToken string
	TokenType   string
	// ExpiresIn is the lifetime in seconds as reported; zero when the
	// server did not report one.
	ExpiresIn int64
	// ExpiresAt is the receipt time plus ExpiresIn; zero when unknown.
	ExpiresAt time.Time
	Scope     string
	Scopes    []string
	Principal string
	// RefreshToken is the newest refresh token: the one returned, or for a
	// refresh token exchange the input when none was returned.
	RefreshToken        string
	RefreshTokenRotated bool

	OrganizerKey string
	AccountKey   string
	AccountType  string
	FirstName    string
	LastName     string
	Email        string
	Platform     string
	Version      string
}

// AuthorizationHeader is the value of an Authorization header for the token.
func (t *Token) AuthorizationHeader() string {
	return t.TokenType + " " + t.AccessToken
}

// validFor reports whether the token keeps at least d of its life at now.
func (t *Token) validFor(now time.Time, d time.Duration) bool {
	return !t.ExpiresAt.IsZero() && t.ExpiresAt.Sub(now) >= d
}

func (t *Token) clone() *Token {
	c := *t
	c.Scopes = append([]string(nil), t.Scopes...)
	return &c
}

// tokenResponse holds every field GoTo's current and legacy hosts return.
type tokenResponse struct {
	AccessToken      flexString      `json:"access_token"`
	TokenType        flexString      `json:"token_type"`
	ExpiresIn        json.RawMessage `json:"expires_in"`
	Scope            flexString      `json:"scope"`
	Principal        flexString      `json:"principal"`
	RefreshToken     flexString      `json:"refresh_token"`
	OrganizerKey     flexString      `json:"organizer_key"`
	AccountKey       flexString      `json:"account_key"`
	AccountType      flexString      `json:"account_type"`
	FirstName        flexString      `json:"firstName"`
	LastName         flexString      `json:"lastName"`
	Email            flexString      `json:"email"`
	Platform         flexString      `json:"platform"`
	Version          flexString      `json:"version"`
	Error            flexString      `json:"error"`
	ErrorDescription flexString      `json:"error_description"`
}

// ParseTokenResponse decodes a successful token response received at now.
// Errors describe what was wrong without quoting the body.
func ParseTokenResponse(body []byte, now time.Time) (*Token, error) {
	var r tokenResponse
	if err := decodeObject(body, &r); err != nil {
		return nil, err
	}
	if r.AccessToken == "" {
		return nil, errors.New("the response has no access_token")
	}
	if !isTokenText(string(r.AccessToken)) {
		return nil, errors.New("the access_token holds characters a token cannot have")
	}
	if r.RefreshToken != "" && !isTokenText(string(r.RefreshToken)) {
		return nil, errors.New("the refresh_token holds characters a token cannot have")
	}
	tokenType, err := normalTokenType(string(r.TokenType))
	if err != nil {
		return nil, err
	}
	expiresIn, err := parseExpiresIn(r.ExpiresIn)
	if err != nil {
		return nil, err
	}
	t := &Token{
		AccessToken:  string(r.AccessToken),
		TokenType:    tokenType,
		ExpiresIn:    expiresIn,
		Scope:        string(r.Scope),
		Scopes:       strings.Fields(string(r.Scope)),
		Principal:    string(r.Principal),
		RefreshToken: string(r.RefreshToken),
		OrganizerKey: string(r.OrganizerKey),
		AccountKey:   string(r.AccountKey),
		AccountType:  string(r.AccountType),
		FirstName:    string(r.FirstName),
		LastName:     string(r.LastName),
		Email:        string(r.Email),
		Platform:     string(r.Platform),
		Version:      string(r.Version),
	}
	if t.Principal == "" {
		t.Principal = t.Email
	}
	if r.ExpiresIn != nil {
		t.ExpiresAt = now.UTC().Add(time.Duration(expiresIn) * time.Second).Truncate(time.Second)
	}
	return t, nil
}

// decodeObject decodes a JSON object, naming the shape it got otherwise.
func decodeObject(body []byte, v any) error {
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return errors.New("the response body is empty")
	case trimmed[0] != '{':
		return errors.New("the response body is not a JSON object")
	}
	if err := json.Unmarshal(trimmed, v); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return fmt.Errorf("the response body is not valid JSON (it breaks off or is malformed at byte %d)", syntax.Offset)
		}
		return errors.New("the response body does not have the fields of a token response")
	}
	return nil
}

func normalTokenType(s string) (string, error) {
	if s == "" || strings.EqualFold(s, "bearer") {
		return "Bearer", nil
	}
	// A short value is quoted whole; a long one is not quoted at all, so no
	// cut could show part of a secret a hostile server echoed there.
	if utf8.RuneCountInString(s) <= 40 && isTokenText(s) {
		return "", fmt.Errorf("the token_type is %q; only Bearer tokens can be used with GoTo APIs", s)
	}
	return "", errors.New("the token_type is not Bearer; only Bearer tokens can be used with GoTo APIs")
}

// parseExpiresIn accepts a number or a numeric string (GoTo's direct login
// sends "3600"); fractions are cut to whole seconds.
func parseExpiresIn(raw json.RawMessage) (int64, error) {
	if raw == nil || string(raw) == "null" {
		return 0, nil
	}
	text := string(raw)
	if s, err := strconv.Unquote(text); err == nil && strings.HasPrefix(text, `"`) {
		text = strings.TrimSpace(s)
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, errors.New("the expires_in is not a number of seconds")
	}
	if f < 0 {
		return 0, errors.New("the expires_in is negative")
	}
	if f > maxExpiresIn {
		return 0, fmt.Errorf("the expires_in of %.4g seconds is longer than any GoTo token lives (at most a year)", f)
	}
	return int64(f), nil
}

// isTokenText accepts the visible ASCII a bearer token is made of, so a
// hostile value cannot inject header lines.
func isTokenText(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// flexString takes a JSON string, number or boolean as text; legacy GoTo
// hosts send some keys and versions as numbers.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = ""
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	if len(b) > 0 && (b[0] == '{' || b[0] == '[') {
		return errors.New("expected a string")
	}
	*f = flexString(b)
	return nil
}

// truncate bounds s to n characters, the ellipsis included.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
