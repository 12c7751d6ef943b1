package gotoauth

import (
	"context"
	"encoding/binary"
	"errors"
	"math"
	"net/http"
	"net/url"
	"time"
)

// Client performs GoTo token exchanges for one OAuth client.
type Client struct {
	cfg   Config
	http  *http.Client
	pacer *pacer
	// partition separates the cache entries of Revocable exchanges, which
	// never reach the cache directory.
	partition string
	leases    *leases
}

// New checks cfg and returns a client.
func New(cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	hc, err := cfg.httpClient()
	if err != nil {
		return nil, err
	}
	return &Client{cfg: cfg, http: hc, pacer: newPacer(cfg.RequestsPerSecond, cfg.Now), leases: newLeases()}, nil
}

// ExchangePAT trades a personal access token for an access token.
func (c *Client) ExchangePAT(ctx context.Context, pat string, minValidity time.Duration) (*Token, error) {
	if pat == "" {
		return nil, errors.New("no personal access token was given")
	}
	return c.shared(ctx, c.patRequest(pat), minValidity)
}

func (c *Client) patRequest(pat string) request {
	form := url.Values{"grant_type": {PersonalAccessToken.grant()}, "pat": {pat}}
	return request{exchange: PersonalAccessToken, endpoint: c.cfg.TokenURL, form: form, basicAuth: true, secrets: []string{pat}}
}

// ExchangeRefreshToken trades a refresh token for an access token. The
// result's RefreshToken is the newest one: the returned one, or the input.
func (c *Client) ExchangeRefreshToken(ctx context.Context, refreshToken string, minValidity time.Duration) (*Token, error) {
	if refreshToken == "" {
		return nil, errors.New("no refresh token was given")
	}
	form := url.Values{"grant_type": {RefreshToken.grant()}, "refresh_token": {refreshToken}}
	t, err := c.shared(ctx, request{exchange: RefreshToken, endpoint: c.cfg.TokenURL, form: form, basicAuth: true, secrets: []string{refreshToken}}, minValidity)
	if err != nil {
		return nil, err
	}
	if t.RefreshToken == "" {
		t.RefreshToken = refreshToken
	}
	t.RefreshTokenRotated = t.RefreshToken != refreshToken
	return t, nil
}

// DirectLogin performs GoToAssist Corporate's direct login: the client id is
// the consumer key and no secret is sent. GoTo revokes the application's
// other tokens on every login, which is one more reason identical logins
// share one request.
func (c *Client) DirectLogin(ctx context.Context, userID, password string, minValidity time.Duration) (*Token, error) {
	if userID == "" || password == "" {
		return nil, errors.New("direct login needs a user_id and a password")
	}
	form := url.Values{
		"grant_type": {DirectLogin.grant()},
		"user_id":    {userID},
		"password":   {password},
		"client_id":  {c.cfg.ClientID},
	}
	return c.shared(ctx, request{exchange: DirectLogin, endpoint: c.cfg.DirectLoginURL, form: form, secrets: []string{password}}, minValidity)
}

// ExchangeAuthorizationCode redeems a single-use authorization code. It is
// never shared or cached: a code can be exchanged only once.
func (c *Client) ExchangeAuthorizationCode(ctx context.Context, code, redirectURI string) (*Token, error) {
	if code == "" {
		return nil, errors.New("no authorization code was given")
	}
	form := url.Values{"grant_type": {AuthorizationCode.grant()}, "code": {code}}
	if redirectURI != "" {
		form.Set("redirect_uri", redirectURI)
	}
	return c.send(ctx, request{exchange: AuthorizationCode, endpoint: c.cfg.TokenURL, form: form, basicAuth: true, singleUse: true, secrets: []string{code}})
}

// shared runs r through the cache, keyed by everything that makes two
// exchanges identical. Only exchanges of the shared partition (not
// Revocable) reach the cache directory: a token that will be revoked must
// not be handed to another process.
func (c *Client) shared(ctx context.Context, r request, minValidity time.Duration) (*Token, error) {
	s := share{
		now:         c.cfg.Now,
		minValidity: minValidity,
		// The last attempt starts within MaxWait and lasts at most
		// RequestTimeout; the rest is slack for the cache's own work.
		budget:   saturatingSum(c.cfg.MaxWait, c.cfg.RequestTimeout, time.Second),
		lockWait: c.cfg.MaxWait,
		log:      func(msg string, fields map[string]any) { c.cfg.Log(ctx, msg, fields) },
	}
	if c.partition == "" {
		s.secret = secretMaterial(append([]string{c.cfg.ClientSecret}, r.secrets...))
	}
	since := c.cfg.Now()
	t, err := c.cfg.Cache.do(ctx, c.keyFor(r), s, func(ctx context.Context) (*Token, error) {
		r.since = since
		return c.send(ctx, r)
	})
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			e = c.failure(r, 0, waitEnded(err))
		}
		return nil, e
	}
	return t, nil
}

// saturatingSum adds positive durations, stopping at the largest one: a
// huge max_wait or request_timeout must not wrap around to a negative
// budget that ends every exchange at once.
func saturatingSum(ds ...time.Duration) time.Duration {
	var sum time.Duration
	for _, d := range ds {
		if d > math.MaxInt64-sum {
			return math.MaxInt64
		}
		sum += d
	}
	return sum
}

// keyFor hashes everything that makes two exchanges identical.
func (c *Client) keyFor(r request) cacheKey {
	parts := []string{c.partition, r.exchange.grant(), r.endpoint, c.cfg.ClientID, c.cfg.ClientSecret}
	for _, k := range sortedKeys(r.form) {
		parts = append(parts, k, r.form.Get(k))
	}
	return keyOf(parts...)
}

// secretMaterial joins secrets, each prefixed with its length, as the input
// keying material of a cache entry.
func secretMaterial(secrets []string) []byte {
	var b []byte
	for _, s := range secrets {
		b = binary.BigEndian.AppendUint64(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}
