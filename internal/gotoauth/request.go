package gotoauth

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// request is one call to GoTo: an exchange's POST to a token endpoint, or a
// call made with a token (an API read, a revocation).
type request struct {
	exchange Exchange
	// method is POST when empty.
	method    string
	endpoint  string
	form      url.Values
	basicAuth bool
	// bearer is an access token sent as "Authorization: Bearer".
	bearer string
	// accept reads a successful answer that is not a token response; nil
	// means the answer is a token.
	accept func(body []byte) error
	// hint, when it returns text, replaces the token endpoint's hint.
	hint func(e *Error) string
	// singleUse marks a request GoTo honours once (an authorization code):
	// it is repeated only when GoTo cannot have acted on it.
	singleUse bool
	// secrets are the exchange's inputs, scrubbed from any server text.
	secrets []string
	// since is when the exchange began, for MaxWait; zero means when send
	// is called.
	since time.Time
}

// outcome is one attempt's result.
type outcome struct {
	token      *Token
	err        *Error
	retry      bool
	retryAfter time.Duration
	hasAfter   bool
	// unprocessed is true when GoTo cannot have acted on the request: the
	// connection was never made, or the rate limiter refused it.
	unprocessed bool
}

// send tries r until it succeeds or fails for good. Rate limits (429) are
// waited out, with pacing and backoff, until MaxWait has passed since the
// first attempt; other retryable failures are also bounded by MaxRetries.
func (c *Client) send(ctx context.Context, r request) (*Token, error) {
	r.secrets = secretForms(r.secrets, c.cfg.ClientID, c.cfg.ClientSecret)
	start := r.since
	if start.IsZero() {
		start = c.cfg.Now()
	}
	failures := 0
	for n := 1; ; n++ {
		wait, giveBack := c.pacer.reserve(r.endpoint)
		// An attempt the pacer does not hold back always goes out: retry
		// delays are checked against the budget below, and a first attempt
		// must go out even when waiting for another process used it up.
		if wait > 0 && c.cfg.Now().Add(wait).Sub(start) > c.cfg.MaxWait {
			giveBack()
			return nil, c.failure(r, n-1, &Error{Status: http.StatusTooManyRequests, Problem: c.overBudget(wait)})
		}
		if err := sleep(ctx, wait); err != nil {
			giveBack()
			return nil, c.failure(r, n-1, cancelled(err))
		}
		o := c.attempt(ctx, r, n)
		if o.err == nil {
			return o.token, nil
		}
		if r.singleUse && o.retry && !o.unprocessed {
			o.err.Problem = joinProblems(o.err.Problem, "the request may have reached GoTo, so it was not repeated: a code works only once")
			o.retry = false
		}
		if !o.retry {
			return nil, c.failure(r, n, o.err)
		}
		if o.err.Status == http.StatusTooManyRequests {
			c.pacer.limit(r.endpoint)
		} else if failures++; failures > *c.cfg.MaxRetries {
			return nil, c.failure(r, n, o.err)
		}
		delay := backoff(c.cfg.retryBase(), n)
		if o.hasAfter {
			delay = o.retryAfter
		}
		if delay > maxRetryAfter {
			o.err.Problem = fmt.Sprintf("GoTo asked to wait %s before retrying, longer than this provider waits", delay.Round(time.Second))
			return nil, c.failure(r, n, o.err)
		}
		if c.cfg.Now().Add(delay).Sub(start) > c.cfg.MaxWait {
			o.err.Problem = c.overBudget(delay)
			return nil, c.failure(r, n, o.err)
		}
		if deadline, ok := ctx.Deadline(); ok && time.Now().Add(delay).After(deadline) {
			o.err.Problem = fmt.Sprintf("the next retry (in %s) would fall after the operation's deadline", delay.Round(time.Millisecond))
			return nil, c.failure(r, n, o.err)
		}
		if err := sleep(ctx, delay); err != nil {
			o.err.Err = err
			return nil, c.failure(r, n, o.err)
		}
	}
}

// overBudget says why an exchange stopped retrying before its next attempt.
func (c *Client) overBudget(next time.Duration) string {
	return fmt.Sprintf("the next attempt (in %s) would fall after max_wait (%s) since the first; raise max_wait to wait longer",
		next.Round(time.Millisecond), c.cfg.MaxWait)
}

// cancelled is the error of an exchange that was cancelled while waiting.
func cancelled(err error) *Error {
	return &Error{Err: err, Problem: "the exchange was cancelled"}
}

// waitEnded is the error of a caller that stopped waiting for a shared
// exchange: its own deadline passed, or it was cancelled.
func waitEnded(err error) *Error {
	if errors.Is(err, context.DeadlineExceeded) {
		return &Error{Err: err, Problem: "the operation's deadline passed before GoTo answered"}
	}
	return cancelled(err)
}

// failure completes an error with the exchange, the attempt count and a
// hint, and scrubs every secret from the text the server sent.
func (c *Client) failure(r request, attempts int, e *Error) *Error {
	e.Exchange = r.exchange
	e.Endpoint = displayURL(r.endpoint)
	e.Attempts = attempts
	e.Code = scrub(e.Code, r.secrets)
	e.Description = scrub(e.Description, r.secrets)
	e.Problem = scrub(e.Problem, r.secrets)
	// contentType lowercases the media type, so a secret echoed there is
	// looked for in lower case too.
	e.ContentType = truncate(scrub(scrub(e.ContentType, r.secrets), lowerAll(r.secrets)), 80)
	if e.Err != nil {
		e.Err = &scrubbedError{err: e.Err, secrets: r.secrets}
	}
	if e.Hint == "" {
		e.Hint = hint(r.exchange, e.Status, e.Code, e.Description)
	}
	if r.hint != nil {
		if h := r.hint(e); h != "" {
			e.Hint = h
		}
	}
	return e
}

func (c *Client) attempt(ctx context.Context, r request, n int) outcome {
	actx, cancel := context.WithTimeout(ctx, c.cfg.RequestTimeout)
	defer cancel()
	var payload io.Reader
	if r.form != nil {
		payload = strings.NewReader(r.form.Encode())
	}
	req, err := http.NewRequestWithContext(actx, r.httpMethod(), r.endpoint, payload)
	if err != nil {
		return outcome{err: &Error{Err: err, Problem: "the request could not be built", Hint: networkHint(r.exchange)}}
	}
	if r.form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	if r.basicAuth {
		req.SetBasicAuth(c.cfg.ClientID, c.cfg.ClientSecret)
	}
	if r.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+r.bearer)
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		c.log(ctx, r, n, 0, start)
		return c.transportFailure(ctx, actx, r, err, "the request")
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBodyBytes+1))
	c.log(ctx, r, n, resp.StatusCode, start)
	if err != nil {
		o := c.transportFailure(ctx, actx, r, err, "reading the answer")
		o.err.Status = resp.StatusCode
		return o
	}
	if len(body) > MaxBodyBytes {
		return outcome{err: &Error{Status: resp.StatusCode, Problem: "the answer is larger than 1 MiB, more than any token response", Hint: wrongEndpointHint(r.exchange)}}
	}
	return c.interpret(r, resp, body)
}

// interpret turns a complete answer into a token or an error.
func (c *Client) interpret(r request, resp *http.Response, body []byte) outcome {
	status := resp.StatusCode
	code, desc, isError := parseErrorBody(body)
	// Secrets go before cleaning, which truncates and could cut one in half.
	code, desc = cleanText(scrub(code, r.secrets)), cleanText(scrub(desc, r.secrets))
	switch {
	case status >= 200 && status < 300 && r.accept != nil:
		if err := r.accept(body); err != nil {
			e := &Error{Status: status, Problem: err.Error()}
			if ct := contentType(resp.Header.Get("Content-Type")); len(body) > 0 && !strings.Contains(ct, "json") {
				e.ContentType = ct
			}
			return outcome{err: e}
		}
		return outcome{}
	case status >= 200 && status < 300:
		if isError && code != "" {
			return outcome{err: &Error{Status: status, Code: code, Description: desc}}
		}
		t, err := ParseTokenResponse(body, c.cfg.Now())
		if err != nil {
			// A legacy {"message"} answer explains itself better than the
			// missing token does.
			e := &Error{Status: status, Description: desc, Problem: err.Error(), Hint: hint(r.exchange, status, "", desc)}
			if e.Hint == "" {
				e.Hint = "The endpoint does not behave like GoTo's " + r.exchange.endpointName() + "; check " + r.exchange.setting() + "."
			}
			if ct := contentType(resp.Header.Get("Content-Type")); len(body) > 0 && !strings.Contains(ct, "json") {
				e.ContentType = ct
			}
			return outcome{err: e}
		}
		return outcome{token: t}
	case status >= 300 && status < 400:
		where := "elsewhere"
		if loc, err := resp.Location(); err == nil {
			where = "to " + loc.Host
		}
		return outcome{err: &Error{
			Status:  status,
			Problem: "it redirects " + where + ", and requests carrying credentials are never followed to another address",
			Hint:    "Set " + r.exchange.setting() + " to the final address (GoTo's " + r.exchange.endpointName() + " is " + r.exchange.defaultEndpoint() + ").",
		}}
	}
	e := &Error{Status: status}
	if isError {
		e.Code, e.Description = code, desc
	} else if len(body) > 0 {
		e.ContentType = contentType(resp.Header.Get("Content-Type"))
	}
	o := outcome{err: e, retry: retryable(status), unprocessed: status == http.StatusTooManyRequests}
	o.retryAfter, o.hasAfter = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	return o
}

// transportFailure describes an error with no complete answer. Timeouts and
// network errors are retried; the caller's own cancellation is not.
func (c *Client) transportFailure(ctx, actx context.Context, r request, err error, what string) outcome {
	if ctx.Err() != nil {
		return outcome{err: &Error{Err: ctx.Err(), Problem: "the exchange was cancelled"}}
	}
	if actx.Err() != nil {
		return outcome{retry: true, err: &Error{
			Err:     context.DeadlineExceeded,
			Problem: fmt.Sprintf("%s did not complete within request_timeout (%s)", what, c.cfg.RequestTimeout),
			Hint:    "Raise request_timeout if GoTo is slow, or " + lowerFirst(networkHint(r.exchange)),
		}}
	}
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	if untrustedCertificate(err) {
		// Another attempt meets the same certificate.
		return outcome{err: &Error{Err: err, Problem: "the server's TLS certificate is not trusted", Hint: tlsHint(r.exchange)}}
	}
	var opErr *net.OpError
	neverConnected := errors.As(err, &opErr) && opErr.Op == "dial"
	return outcome{retry: true, unprocessed: neverConnected, err: &Error{Err: err, Problem: what + " failed", Hint: networkHint(r.exchange)}}
}

func joinProblems(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func (c *Client) log(ctx context.Context, r request, n, status int, start time.Time) {
	c.cfg.Log(ctx, r.exchange.logMessage(), map[string]any{
		"exchange":    r.exchange.String(),
		"method":      r.httpMethod(),
		"url":         displayURL(r.endpoint),
		"status":      status,
		"attempt":     n,
		"duration_ms": time.Since(start).Milliseconds(),
	})
}

func (r request) httpMethod() string {
	if r.method == "" {
		return http.MethodPost
	}
	return r.method
}

func (c Config) retryBase() time.Duration {
	if c.RetryBaseDelay > 0 {
		return c.RetryBaseDelay
	}
	return DefaultRetryBaseDelay
}

// untrustedCertificate reports whether err is a failed certificate check.
func untrustedCertificate(err error) bool {
	var verify *tls.CertificateVerificationError
	var authority x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	return errors.As(err, &verify) || errors.As(err, &authority) || errors.As(err, &host) || errors.As(err, &invalid)
}

// displayURL is an endpoint as logs and errors show it: scheme, host and
// path, never user info or a query, which may carry credentials.
func displayURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the configured endpoint"
	}
	return u.Scheme + "://" + u.Host + u.Path
}

// secretForms lists each secret as sent and as a server could echo it: raw,
// form-encoded, Go-quoted (net/http quotes a malformed status line with %q),
// and the client secret inside the Basic authorization header. Longer forms
// come first so a secret inside another is not scrubbed piecemeal.
func secretForms(inputs []string, clientID, clientSecret string) []string {
	var out []string
	for _, s := range append(slices.Clip(inputs), clientSecret) {
		if s != "" {
			quoted := strconv.Quote(s)
			out = append(out, s, url.QueryEscape(s), quoted[1:len(quoted)-1])
		}
	}
	if clientSecret != "" {
		out = append(out, base64.StdEncoding.EncodeToString([]byte(clientID+":"+clientSecret)))
	}
	slices.SortFunc(out, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	return slices.Compact(out)
}

// shortSecret is the length below which a secret is scrubbed only where it
// stands as a whole word: replacing every "s" of a one-letter secret would
// garble the text ("reque[redacted]t") and hide nothing worth hiding.
const shortSecret = 8

// scrub replaces every secret in s: a long one wherever it occurs, a short
// one only where no letter or digit touches it.
func scrub(s string, secrets []string) string {
	for _, secret := range secrets {
		switch {
		case secret == "":
		case len(secret) >= shortSecret:
			s = strings.ReplaceAll(s, secret, "[redacted]")
		default:
			s = scrubWord(s, secret)
		}
	}
	return s
}

// scrubWord replaces the occurrences of secret that no letter or digit
// touches on either side.
func scrubWord(s, secret string) string {
	var b strings.Builder
	done := 0 // s[:done] is written
	for from := 0; from <= len(s)-len(secret); {
		i := strings.Index(s[from:], secret)
		if i < 0 {
			break
		}
		i += from
		end := i + len(secret)
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[end:])
		if isWordRune(before) || isWordRune(after) {
			// Another occurrence may start inside this one.
			_, size := utf8.DecodeRuneInString(s[i:])
			from = i + size
			continue
		}
		b.WriteString(s[done:i])
		b.WriteString("[redacted]")
		done, from = end, end
	}
	b.WriteString(s[done:])
	return b.String()
}

func isWordRune(r rune) bool {
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func lowerAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}

// scrubbedError keeps errors.Is working while its text is scrubbed.
type scrubbedError struct {
	err     error
	secrets []string
}

func (s *scrubbedError) Error() string { return scrub(s.err.Error(), s.secrets) }
func (s *scrubbedError) Unwrap() error { return s.err }

func sortedKeys(v url.Values) []string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
