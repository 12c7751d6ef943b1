package gotoauth

import (
	"fmt"
	"mime"
	"strings"
	"unicode"
)

// maxDescription bounds how much server text reaches a diagnostic.
const maxDescription = 300

// Error is a failed exchange. Its text names the exchange, what GoTo
// answered and what to do next, and never contains a secret.
type Error struct {
	Exchange Exchange
	// Endpoint is the URL the exchange reached, without user info or query.
	Endpoint string
	// Status is the HTTP status of the last answer; zero when none came.
	Status int
	// Code and Description are the OAuth error and error_description, or
	// the legacy "int_err_code"/"msg" or "message" fields.
	Code        string
	Description string
	// ContentType is set when the body was not a JSON error.
	ContentType string
	// Problem says what was wrong when no OAuth error explains it.
	Problem  string
	Hint     string
	Attempts int
	// Err is the underlying transport or context error, if any.
	Err error
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s failed: %s", e.Exchange, e.Detail())
}

func (e *Error) Unwrap() error { return e.Err }

// Detail is the message without the exchange's name, for a diagnostic whose
// summary already names it.
func (e *Error) Detail() string {
	var b strings.Builder
	if e.Status != 0 {
		fmt.Fprintf(&b, "GoTo answered HTTP %d", e.Status)
	} else {
		b.WriteString("no answer from GoTo")
	}
	if e.Code != "" {
		fmt.Fprintf(&b, " with %q", e.Code)
	}
	if e.Description != "" {
		fmt.Fprintf(&b, ": %s", e.Description)
	}
	if e.ContentType != "" {
		article := "a"
		if strings.ContainsRune("aeiou", rune(e.ContentType[0])) {
			article = "an"
		}
		expected := "a JSON token response"
		if e.Exchange == IdentityLookup || e.Exchange == TokenRevocation {
			expected = "JSON"
		}
		fmt.Fprintf(&b, " (%s %s body, not %s)", article, e.ContentType, expected)
	}
	if e.Problem != "" {
		fmt.Fprintf(&b, "; %s", e.Problem)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " (after %d attempts)", e.Attempts)
	}
	b.WriteString(".")
	if e.Endpoint != "" {
		fmt.Fprintf(&b, " The request went to %s (%s).", e.Endpoint, e.Exchange.setting())
	}
	if e.Hint != "" {
		b.WriteString(" ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

// errorBody holds the OAuth error shape and GoTo's two legacy ones.
type errorBody struct {
	Error            flexString `json:"error"`
	ErrorDescription flexString `json:"error_description"`
	Message          flexString `json:"message"`
	IntErrCode       flexString `json:"int_err_code"`
	Msg              flexString `json:"msg"`
}

// ParseErrorBody extracts an error code and description from a response
// body; ok is false when the body holds none of the known shapes.
func ParseErrorBody(body []byte) (code, description string, ok bool) {
	code, description, ok = parseErrorBody(body)
	if !ok {
		return "", "", false
	}
	return cleanText(code), cleanText(description), true
}

// parseErrorBody is ParseErrorBody before cleaning, so that secrets can be
// scrubbed before truncation could cut one in half.
func parseErrorBody(body []byte) (code, description string, ok bool) {
	var eb errorBody
	if decodeObject(body, &eb) != nil {
		return "", "", false
	}
	// A field counts only if cleaning leaves something of it.
	has := func(f flexString) bool { return cleanText(string(f)) != "" }
	switch {
	case has(eb.Error):
		code, description = string(eb.Error), string(eb.ErrorDescription)
	case has(eb.IntErrCode):
		code, description = string(eb.IntErrCode), string(eb.Msg)
	case has(eb.Message):
		description = string(eb.Message)
	case has(eb.Msg):
		description = string(eb.Msg)
	default:
		return "", "", false
	}
	return code, description, true
}

// cleanText turns control, format and line-separator characters into spaces
// (they could forge lines or reorder text in a diagnostic) and bounds the
// length of server text to maxDescription characters.
func cleanText(s string) string {
	s = strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return ' '
		}
		return r
	}, s)
	return truncate(strings.TrimSpace(s), maxDescription)
}

// contentType names a body's media type for an error.
func contentType(header string) string {
	mt, _, err := mime.ParseMediaType(header)
	if err != nil || mt == "" {
		return "untyped"
	}
	return mt
}

// hint says what the user can do about an answer.
func hint(ex Exchange, status int, code, description string) string {
	switch code {
	case "invalid_client":
		if ex == DirectLogin {
			return "Check the provider's client_id (GOTO_CLIENT_ID): it is the consumer key of the GoTo application."
		}
		return "Check the provider's client_id and client_secret (GOTO_CLIENT_ID, GOTO_CLIENT_SECRET): GoTo does not recognise this OAuth client."
	case "unauthorized_client":
		if ex == PersonalAccessToken {
			return "Enable the Personal Access Token grant on the OAuth client in the GoTo Developer Center, or use a client that has it."
		}
		return "The OAuth client is not allowed this grant; check its grants in the GoTo Developer Center."
	case "invalid_scope":
		return "The token's scopes must match the OAuth client's scopes; create the token with scopes the client has, or add them to the client."
	case "invalid_grant":
		switch ex {
		case PersonalAccessToken:
			return "Check the personal access token (pat or GOTO_PAT): it may be mistyped, revoked, expired, or made for another client."
		case RefreshToken:
			if strings.Contains(strings.ToLower(description), "revoked") {
				return "A likely cause is a direct login (goto_direct_login) through the same OAuth client: GoTo revokes all of an application's " +
					"other tokens on every direct login. Give goto_direct_login a provider block whose client_id is a consumer key of its own, " +
					"then obtain a new refresh token (for example with goto_authorization_code_exchange)."
			}
			return "Refresh tokens rotate and expire after about 30 days: obtain a new one (for example with goto_authorization_code_exchange) and always store the newest refresh_token this exchange returns."
		case AuthorizationCode:
			return "Authorization codes are single use and live about ten minutes: open the authorize URL again, sign in, and exchange the new code (change code_wo_version)."
		case DirectLogin:
			return "Check user_id and password (or GOTO_PASSWORD)."
		}
	case "rate_limited":
		return rateLimitHint
	}
	if code == "" && strings.Contains(strings.ToLower(description), "no longer valid") {
		return "This endpoint has been retired; use the default token_url " + DefaultTokenURL + "."
	}
	if ex != DirectLogin && status == 400 && strings.Contains(description, "missing parameter: user_id") {
		return "token_url looks wrong: the address answers like GoTo's direct login endpoint (/oauth/access_token), not its token endpoint. " +
			"Set token_url to the token endpoint, " + DefaultTokenURL + " (for the mock server, its /oauth/token)."
	}
	switch {
	case status == 401 || status == 403:
		if ex == DirectLogin {
			return "Check user_id, password (or GOTO_PASSWORD) and the provider's client_id."
		}
		return "Check the provider's client_id and client_secret and the credential given to the exchange."
	case status == 404 || status == 405:
		return wrongEndpointHint(ex)
	case status == 429:
		return rateLimitHint
	case status >= 500:
		return "GoTo's token endpoint is failing; try again later."
	}
	return ""
}

const rateLimitHint = "GoTo allows about 10 token requests per second per client; raise max_wait, run with less parallelism, " +
	"or set token_cache_dir so identical exchanges of parallel runs on one machine share one request."

// wrongEndpointHint, networkHint and tlsHint name only the setting the
// exchange reads its endpoint from.
func wrongEndpointHint(ex Exchange) string {
	return "Check " + ex.setting() + ": this address does not serve GoTo's " + ex.endpointName() + "."
}

func networkHint(ex Exchange) string {
	return "Check " + ex.setting() + ", network access to it, proxy settings (HTTPS_PROXY, NO_PROXY), ca_cert_pem and ca_cert_file."
}

func tlsHint(ex Exchange) string {
	return "Give the CA certificate that signed the server's certificate (a corporate TLS proxy's, or the mock server's -tls-ca-out file) in " +
		"ca_cert_pem or ca_cert_file (GOTO_CA_CERT_FILE); otherwise check that " + ex.setting() + " names the right host."
}
