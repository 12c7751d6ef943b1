package mockgoto

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Refresh-token rotation modes (Config.Rotation).
const (
	// RotationWindow returns a new refresh token only once the presented one is
	// older than Config.RotateAfter; before that the response has no refresh_token.
	RotationWindow = "window"
	// RotationAlways returns a new refresh token on every refresh.
	RotationAlways = "always"
	// RotationNever echoes the presented refresh token back (the older GoTo behaviour).
	RotationNever = "never"
)

// Defaults for zero Config values, taken from GoTo's documented lifetimes.
const (
	DefaultRateLimit   = 10.0
	DefaultAccessTTL   = time.Hour
	DefaultRefreshTTL  = 30 * 24 * time.Hour
	DefaultCodeTTL     = 600 * time.Second
	DefaultRotateAfter = 29 * 24 * time.Hour
)

// Config seeds a Server. Zero values take the defaults above. In JSON, keys are
// matched ignoring case, "_" and "-" (so "user_id", "userId" and "UserID" are
// the same) and unknown keys are errors, so typos in a config file surface.
type Config struct {
	Clients []Client `json:"clients"`
	// Users serve direct login (user_id+password) and the password grant (username+password).
	Users []User `json:"users"`
	PATs  []PAT  `json:"pats"`
	// RefreshTokens are seeded refresh tokens, issued when the server is built
	// (or when SetClock installs a new clock) minus their Age.
	RefreshTokens []RefreshToken `json:"refresh_tokens"`
	// RateLimit is token-endpoint requests per second per client id; 0 means
	// DefaultRateLimit and a negative value turns the limit off.
	RateLimit float64 `json:"rate_limit"`
	// RetryAfter sends Retry-After (seconds until a slot frees, rounded up) on 429.
	RetryAfter bool `json:"retry_after"`
	// Rotation is one of RotationWindow (default), RotationAlways, RotationNever.
	Rotation    string   `json:"rotation"`
	RotateAfter Duration `json:"rotate_after"`
	AccessTTL   Duration `json:"access_ttl"`
	RefreshTTL  Duration `json:"refresh_ttl"`
	CodeTTL     Duration `json:"code_ttl"`
}

// Client is a registered OAuth client. An empty Secret makes a public client
// that authenticates by client_id alone.
type Client struct {
	ID       string   `json:"id"`
	Secret   string   `json:"secret"`
	PATGrant bool     `json:"pat_grant"`
	Scopes   []string `json:"scopes"`
	// RedirectURIs are the registered redirect URIs: the first is used when an
	// authorize request has none, and when the list is not empty a given
	// redirect_uri must be one of them.
	RedirectURIs []string `json:"redirect_uris"`
}

// User is an account for direct login and the password grant. An empty
// ClientID lets the user log in through any client; Email defaults to UserID.
type User struct {
	UserID       string `json:"user_id"`
	Password     string `json:"password"`
	ClientID     string `json:"client_id"`
	Email        string `json:"email"`
	FirstName    string `json:"first_name"`
	LastName     string `json:"last_name"`
	OrganizerKey string `json:"organizer_key"`
	AccountKey   string `json:"account_key"`
	AccountType  string `json:"account_type"`
	// Accounts are listed by the who-am-i endpoints; when empty, one
	// account with AccountKey is listed.
	Accounts []Account `json:"accounts"`
	// KeyFormat is how the who-am-i endpoints send keys: KeysAsStrings,
	// KeysAsNumbers, or empty for GoTo's mix (SCIM strings, Admin numbers).
	KeyFormat string `json:"key_format"`
}

// Key formats (User.KeyFormat). GoTo sends 19-digit keys as strings in some
// answers and as bare numbers in others.
const (
	KeysAsStrings = "string"
	KeysAsNumbers = "number"
)

// Account is a GoTo account a user belongs to. Key is a decimal integer.
type Account struct {
	Key          string   `json:"key"`
	Name         string   `json:"name"`
	Entitlements []string `json:"entitlements"`
}

// PAT is a personal access token. Its Scopes must be a subset of the
// exchanging client's scopes (when the client has any), else invalid_scope. A
// non-empty ClientID binds it to that client.
type PAT struct {
	Token     string   `json:"token"`
	ClientID  string   `json:"client_id"`
	Principal string   `json:"principal"`
	Scopes    []string `json:"scopes"`
}

// RefreshToken is a seeded refresh token. Age makes it that old at start, so
// window rotation or expiry can be shown without moving the clock.
type RefreshToken struct {
	Token     string   `json:"token"`
	ClientID  string   `json:"client_id"`
	Principal string   `json:"principal"`
	Scope     string   `json:"scope"`
	Age       Duration `json:"age"`
}

// Duration is a time.Duration that reads and writes JSON as a Go duration
// string: "600s", "15m", "720h", "1h30m" (units "ns", "us", "ms", "s", "m",
// "h"; no days: 30 days is "720h"). The provider's duration arguments take
// the same syntax, so a value can be copied from one to the other.
type Duration time.Duration

func (d Duration) String() string { return time.Duration(d).String() }

// MarshalJSON writes the Go duration string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads a Go duration string.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("duration must be a string such as \"600s\" or \"720h\", got %s", b)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("duration %q: want a Go duration such as \"600s\", \"15m\" or \"720h\" (units ns, us, ms, s, m, h; 30 days is \"720h\")", s)
	}
	*d = Duration(v)
	return nil
}

// UnmarshalJSON reads a Config leniently (see Config).
func (c *Config) UnmarshalJSON(b []byte) error {
	type plain Config
	var p plain
	if err := decodeLoose(b, &p, nil); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	*c = Config(p)
	return nil
}

// UnmarshalJSON reads a Client leniently; "client_id" and "client_secret" also work.
func (c *Client) UnmarshalJSON(b []byte) error {
	type plain Client
	var p plain
	if err := decodeLoose(b, &p, map[string]string{"client_id": "id", "client_secret": "secret"}); err != nil {
		return fmt.Errorf("client: %w", err)
	}
	*c = Client(p)
	return nil
}

// UnmarshalJSON reads a User leniently; "username" also works for user_id.
func (u *User) UnmarshalJSON(b []byte) error {
	type plain User
	var p plain
	if err := decodeLoose(b, &p, map[string]string{"username": "user_id"}); err != nil {
		return fmt.Errorf("user: %w", err)
	}
	*u = User(p)
	return nil
}

// UnmarshalJSON reads an Account leniently; "value" and "display" (the SCIM
// names) also work.
func (a *Account) UnmarshalJSON(b []byte) error {
	type plain Account
	var p plain
	if err := decodeLoose(b, &p, map[string]string{"value": "key", "display": "name"}); err != nil {
		return fmt.Errorf("account: %w", err)
	}
	*a = Account(p)
	return nil
}

// UnmarshalJSON reads a PAT leniently; "pat" also works for token.
func (t *PAT) UnmarshalJSON(b []byte) error {
	type plain PAT
	var p plain
	if err := decodeLoose(b, &p, map[string]string{"pat": "token"}); err != nil {
		return fmt.Errorf("pat: %w", err)
	}
	*t = PAT(p)
	return nil
}

// UnmarshalJSON reads a RefreshToken leniently; "refresh_token" also works for token.
func (t *RefreshToken) UnmarshalJSON(b []byte) error {
	type plain RefreshToken
	var p plain
	if err := decodeLoose(b, &p, map[string]string{"refresh_token": "token"}); err != nil {
		return fmt.Errorf("refresh token: %w", err)
	}
	*t = RefreshToken(p)
	return nil
}

// Validate reports every problem New would refuse.
func (c Config) Validate() error {
	var errs []error
	switch c.Rotation {
	case "", RotationWindow, RotationAlways, RotationNever:
	default:
		errs = append(errs, fmt.Errorf("rotation %q: want %q, %q or %q", c.Rotation, RotationWindow, RotationAlways, RotationNever))
	}
	for name, d := range map[string]Duration{"rotate_after": c.RotateAfter, "access_ttl": c.AccessTTL, "refresh_ttl": c.RefreshTTL, "code_ttl": c.CodeTTL} {
		if d < 0 {
			errs = append(errs, fmt.Errorf("%s must not be negative", name))
		}
	}
	clients := map[string]bool{}
	for i, cl := range c.Clients {
		switch {
		case cl.ID == "":
			errs = append(errs, fmt.Errorf("clients[%d]: id is empty", i))
		case clients[cl.ID]:
			errs = append(errs, fmt.Errorf("clients[%d]: duplicate id %q", i, cl.ID))
		}
		clients[cl.ID] = true
	}
	for i, u := range c.Users {
		if u.UserID == "" {
			errs = append(errs, fmt.Errorf("users[%d]: user_id is empty", i))
		}
		if u.ClientID != "" && !clients[u.ClientID] {
			errs = append(errs, fmt.Errorf("users[%d]: unknown client_id %q", i, u.ClientID))
		}
		switch u.KeyFormat {
		case "", KeysAsStrings, KeysAsNumbers:
		default:
			errs = append(errs, fmt.Errorf("users[%d]: key_format %q: want %q or %q", i, u.KeyFormat, KeysAsStrings, KeysAsNumbers))
		}
		for j, a := range u.Accounts {
			if !isDecimal(a.Key) {
				errs = append(errs, fmt.Errorf("users[%d].accounts[%d]: key %q is not a decimal integer", i, j, a.Key))
			}
		}
	}
	pats := map[string]bool{}
	for i, p := range c.PATs {
		switch {
		case p.Token == "":
			errs = append(errs, fmt.Errorf("pats[%d]: token is empty", i))
		case pats[p.Token]:
			errs = append(errs, fmt.Errorf("pats[%d]: duplicate token", i))
		}
		pats[p.Token] = true
		if p.ClientID != "" && !clients[p.ClientID] {
			errs = append(errs, fmt.Errorf("pats[%d]: unknown client_id %q", i, p.ClientID))
		}
	}
	refresh := map[string]bool{}
	for i, t := range c.RefreshTokens {
		switch {
		case t.Token == "":
			errs = append(errs, fmt.Errorf("refresh_tokens[%d]: token is empty", i))
		case refresh[t.Token]:
			errs = append(errs, fmt.Errorf("refresh_tokens[%d]: duplicate token", i))
		}
		refresh[t.Token] = true
		if !clients[t.ClientID] {
			errs = append(errs, fmt.Errorf("refresh_tokens[%d]: unknown client_id %q", i, t.ClientID))
		}
		if t.Age < 0 {
			errs = append(errs, fmt.Errorf("refresh_tokens[%d]: age must not be negative", i))
		}
	}
	return errors.Join(errs...)
}

func isDecimal(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// withDefaults fills zero values.
func (c Config) withDefaults() Config {
	if c.RateLimit == 0 {
		c.RateLimit = DefaultRateLimit
	}
	if c.Rotation == "" {
		c.Rotation = RotationWindow
	}
	if c.RotateAfter == 0 {
		c.RotateAfter = Duration(DefaultRotateAfter)
	}
	if c.AccessTTL == 0 {
		c.AccessTTL = Duration(DefaultAccessTTL)
	}
	if c.RefreshTTL == 0 {
		c.RefreshTTL = Duration(DefaultRefreshTTL)
	}
	if c.CodeTTL == 0 {
		c.CodeTTL = Duration(DefaultCodeTTL)
	}
	return c
}
