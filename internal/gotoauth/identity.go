package gotoauth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// identityPath is GoTo's SCIM record of the token's own user.
const identityPath = "/identity/v1/Users/me"

// Identity is who an access token acts for. Empty fields were not in
// GoTo's answer.
type Identity struct {
	// UserKey is the SCIM id: Meeting and Webinar call it organizerKey.
	UserKey     string
	Email       string
	FirstName   string
	LastName    string
	DisplayName string
	Locale      string
	TimeZone    string
	// Accounts is nil when GoTo listed none.
	Accounts []Account
}

// Account is one GoTo account the user belongs to.
type Account struct {
	Key  string
	Name string
	// Entitlements is nil when GoTo listed none.
	Entitlements []string
}

// AccountKey is the first account's key, the one most users have.
func (id *Identity) AccountKey() string {
	if len(id.Accounts) == 0 {
		return ""
	}
	return id.Accounts[0].Key
}

// Identity reads GET {APIURL}/identity/v1/Users/me with accessToken.
func (c *Client) Identity(ctx context.Context, accessToken string) (*Identity, error) {
	if accessToken == "" {
		return nil, errors.New("no access token was given")
	}
	if !isTokenText(accessToken) {
		return nil, errors.New("the access token holds characters a token cannot have (spaces, line breaks or non-ASCII text)")
	}
	var id *Identity
	_, err := c.send(ctx, request{
		exchange: IdentityLookup,
		method:   http.MethodGet,
		endpoint: strings.TrimRight(c.cfg.APIURL, "/") + identityPath,
		bearer:   accessToken,
		secrets:  []string{accessToken},
		accept: func(body []byte) (err error) {
			id, err = ParseIdentity(body)
			return err
		},
		hint: identityHint,
	})
	if err != nil {
		return nil, err
	}
	return id, nil
}

// identityHint explains the failures of an API read that differ from a
// token endpoint's; the others name api_url through the exchange's setting.
func identityHint(e *Error) string {
	switch {
	case e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden:
		return "GoTo refused the access token: it has expired, was revoked (a direct login through the same OAuth client " +
			"revokes the application's other tokens, and revoke_on_close revokes a token when Terraform is done with it), " +
			"or lacks the scope this API needs (identity:scim.me). Check its expiry and scopes with " +
			"provider::goto::token_claims(token), and pass a freshly exchanged token."
	case e.Status >= 200 && e.Status < 300:
		return "The endpoint does not behave like GoTo's SCIM API; check api_url (GOTO_API_URL)."
	case e.Status == http.StatusTooManyRequests:
		return "GoTo allows about 10 requests per second per API; run with less parallelism."
	case e.Status >= 500:
		return "GoTo's API is failing; try again later."
	}
	return ""
}

// scimUser holds the fields of GoTo's SCIM record that Identity reports.
type scimUser struct {
	ID          keyText    `json:"id"`
	UserName    flexString `json:"userName"`
	DisplayName flexString `json:"displayName"`
	Locale      flexString `json:"locale"`
	Timezone    flexString `json:"timezone"`
	Name        *struct {
		GivenName  flexString `json:"givenName"`
		FamilyName flexString `json:"familyName"`
	} `json:"name"`
	Emails []struct {
		Value   flexString `json:"value"`
		Primary flexString `json:"primary"`
	} `json:"emails"`
	Extension *struct {
		Accounts []struct {
			Value        keyText      `json:"value"`
			Display      flexString   `json:"display"`
			Entitlements []flexString `json:"entitlements"`
		} `json:"accounts"`
	} `json:"urn:scim:schemas:extension:getgo:1.0"`
}

// ParseIdentity decodes GoTo's SCIM record of a user. Absent fields stay
// empty; keys are kept exactly as sent, whether as strings or as numbers.
func ParseIdentity(body []byte) (*Identity, error) {
	var u scimUser
	if err := decodeObject(body, &struct{}{}); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(bytes.TrimSpace(body), &u); err != nil {
		var ke *keyError
		if errors.As(err, &ke) {
			return nil, ke
		}
		return nil, errors.New("the response body does not have the fields of a SCIM user record")
	}
	id := &Identity{
		UserKey:     string(u.ID),
		DisplayName: cleanText(string(u.DisplayName)),
		Locale:      cleanText(string(u.Locale)),
		TimeZone:    cleanText(string(u.Timezone)),
	}
	if u.Name != nil {
		id.FirstName, id.LastName = cleanText(string(u.Name.GivenName)), cleanText(string(u.Name.FamilyName))
	}
	for i, e := range u.Emails {
		primary := e.Primary == "true"
		if primary || i == 0 {
			id.Email = cleanText(string(e.Value))
		}
		if primary {
			break
		}
	}
	if id.Email == "" {
		id.Email = cleanText(string(u.UserName))
	}
	if u.Extension != nil && u.Extension.Accounts != nil {
		id.Accounts = make([]Account, 0, len(u.Extension.Accounts))
		for _, a := range u.Extension.Accounts {
			acct := Account{Key: string(a.Value), Name: cleanText(string(a.Display))}
			for _, e := range a.Entitlements {
				acct.Entitlements = append(acct.Entitlements, cleanText(string(e)))
			}
			id.Accounts = append(id.Accounts, acct)
		}
	}
	return id, nil
}

// keyText is a GoTo key: a 19-digit integer that some answers send as a
// string and others as a bare number, beyond float64's exact range. It is
// kept as the digits that were sent, never converted to a float.
type keyText string

// keyError is a key that is neither a string nor an integer.
type keyError struct{ problem string }

func (e *keyError) Error() string { return e.problem }

func (k *keyText) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		*k = ""
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if !isTokenText(s) && s != "" {
			return &keyError{"a key holds characters no GoTo key has"}
		}
		*k = keyText(s)
		return nil
	}
	n := json.Number(b)
	if _, err := n.Int64(); err != nil && !isDigits(string(b)) {
		return &keyError{fmt.Sprintf("a key is %s, not an integer or a string", describeJSON(b))}
	}
	*k = keyText(b)
	return nil
}

func isDigits(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// describeJSON names a JSON value's kind without quoting it.
func describeJSON(b []byte) string {
	switch {
	case len(b) == 0:
		return "empty"
	case b[0] == '{':
		return "an object"
	case b[0] == '[':
		return "a list"
	case b[0] == 't' || b[0] == 'f':
		return "a boolean"
	}
	return "a number with a fraction or an exponent"
}
