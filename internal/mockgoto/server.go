// Package mockgoto is a stand-in for GoTo's OAuth endpoints (token, authorize,
// legacy direct login, who-am-i, revocation) for tests, demos and CI. A *Server is an
// http.Handler, so it runs under httptest.NewServer or any http.Server.
package mockgoto

import (
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Grant names used by Count, Counts, Forms and Requests.
const (
	GrantAuthorizationCode = "authorization_code"
	GrantRefreshToken      = "refresh_token"
	GrantPAT               = "personal_access_token"
	GrantPassword          = "password"
	GrantDirectLogin       = "direct_login" // any request to /oauth/access_token
)

// Extra counter names accepted by Count.
const (
	// CounterTotal is every token-endpoint request, whatever its outcome.
	CounterTotal = "total"
	// CounterRateLimited is token-endpoint requests refused with 429. They are
	// not counted under their grant.
	CounterRateLimited = "rate_limited"
	// CounterFaulted is token-endpoint requests answered by an injected fault.
	// They are also counted under their grant: they reached the server.
	CounterFaulted = "faulted"
	// CounterMe is requests to the who-am-i endpoints, /admin/rest/v1/me and
	// /identity/v1/Users/me, whatever their outcome.
	CounterMe = "me"
)

var knownGrants = []string{GrantAuthorizationCode, GrantRefreshToken, GrantPAT, GrantPassword, GrantDirectLogin}

// maxBodyBytes caps request bodies, as a real gateway would.
const maxBodyBytes = 1 << 20

// defaultPrincipal is who consents when no user is configured.
const defaultPrincipal = "user@example.com"

// Server is the mock. Build it with New; it is safe for concurrent use.
type Server struct {
	cfg     Config // with defaults
	mux     *http.ServeMux
	limiter *rateLimiter

	mu       sync.Mutex
	clock    func() time.Time
	offset   time.Duration
	clients  map[string]Client
	pats     map[string]PAT
	tokens   map[string]*record
	counts   map[string]int
	requests map[string][]Request
	faults   []Fault
}

// Request is one token-endpoint request as received, kept for assertions.
type Request struct {
	Grant  string
	Method string
	Path   string
	Form   url.Values
	Header http.Header
}

// New builds a Server from cfg. It panics if cfg.Validate fails: configs read
// from users should be validated first.
func New(cfg Config) *Server {
	if err := cfg.Validate(); err != nil {
		panic("mockgoto: invalid config: " + err.Error())
	}
	cfg = cfg.withDefaults()
	s := &Server{
		cfg:      cfg,
		limiter:  newRateLimiter(cfg.RateLimit),
		clock:    time.Now,
		clients:  map[string]Client{},
		pats:     map[string]PAT{},
		tokens:   map[string]*record{},
		counts:   map[string]int{},
		requests: map[string][]Request{},
	}
	for _, c := range cfg.Clients {
		s.clients[c.ID] = c
	}
	for _, p := range cfg.PATs {
		s.pats[p.Token] = p
	}
	for _, t := range cfg.RefreshTokens {
		principal := principalOr(t.Principal)
		u := s.userByPrincipal(principal)
		s.tokens[t.Token] = &record{
			typ:          typeRefresh,
			clientID:     t.ClientID,
			principal:    principal,
			scope:        t.Scope,
			seeded:       true,
			age:          time.Duration(t.Age),
			organizerKey: u.OrganizerKey,
			accountKey:   u.AccountKey,
		}
	}
	s.restampSeededLocked()
	for _, f := range cfg.Faults {
		s.InjectFault(f)
	}
	s.routes()
	return s
}

func (s *Server) routes() {
	m := http.NewServeMux()
	m.HandleFunc("POST /oauth/token", s.handleToken)
	m.HandleFunc("GET /oauth/authorize", s.handleAuthorize)
	m.HandleFunc("GET /oauth/access_token", s.handleDirectLogin)
	m.HandleFunc("POST /oauth/access_token", s.handleDirectLogin)
	m.HandleFunc("GET /admin/rest/v1/me", s.handleAdminMe)
	m.HandleFunc("GET /identity/v1/Users/me", s.handleIdentityMe)
	m.HandleFunc("GET /admin/rest/v1/accounts/{accountKey}/users", s.handleAccountUsers)
	m.HandleFunc("POST /oauth/revoke", s.handleRevoke)
	m.HandleFunc("GET /_mock/stats", s.handleStats)
	m.HandleFunc("GET /_mock/issued", s.handleIssued)
	m.HandleFunc("GET /_mock/faults", s.handleListFaults)
	m.HandleFunc("POST /_mock/faults", s.handleAddFaults)
	m.HandleFunc("POST /_mock/reset", s.handleReset)
	m.HandleFunc("GET /_mock/clock", s.handleClock)
	m.HandleFunc("POST /_mock/clock", s.handleClock)
	s.mux = m
}

// ServeHTTP serves the mock's endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

// SetClock installs the clock every expiry is computed from (nil means
// time.Now), clears any Advance offset and re-dates seeded refresh tokens from
// it. The rate limiter keeps the real clock, so a frozen test clock cannot lock
// clients out.
func (s *Server) SetClock(now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clock = now
	s.offset = 0
	s.restampSeededLocked()
}

// Advance moves the server's clock forward by d (on top of SetClock's clock).
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	s.offset += d
	s.mu.Unlock()
}

// Now is the server's current time.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nowLocked()
}

func (s *Server) nowLocked() time.Time { return s.clock().Add(s.offset) }

// Count is the number of requests seen for a grant (see the Grant constants)
// or for one of the Counter names.
func (s *Server) Count(grant string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[grant]
}

// Counts is the per-grant request count: every known grant (zero included)
// plus any other grant_type a client sent. Counter totals are not included.
func (s *Server) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.countsLocked()
}

func (s *Server) countsLocked() map[string]int {
	out := make(map[string]int, len(s.counts))
	for _, g := range knownGrants {
		out[g] = 0
	}
	for k, v := range s.counts {
		switch k {
		case CounterTotal, CounterRateLimited, CounterFaulted, CounterMe:
		default:
			out[k] = v
		}
	}
	return out
}

// Forms returns copies of the form fields received for a grant, oldest first.
func (s *Server) Forms(grant string) []url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []url.Values
	for _, r := range s.requests[grant] {
		out = append(out, cloneValues(r.Form))
	}
	return out
}

// Requests returns copies of the requests received for a grant, oldest first.
func (s *Server) Requests(grant string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.requests[grant] {
		r.Form = cloneValues(r.Form)
		r.Header = r.Header.Clone()
		out = append(out, r)
	}
	return out
}

// Reset zeroes counters, recorded requests, pending faults and the rate
// limiter. Issued tokens and the clock are kept.
func (s *Server) Reset() {
	s.mu.Lock()
	s.counts = map[string]int{}
	s.requests = map[string][]Request{}
	s.faults = nil
	s.mu.Unlock()
	s.limiter.reset()
}

// IssueCode issues an authorization code as if the principal had consented at
// /oauth/authorize. An empty scope means the client's scopes.
func (s *Server) IssueCode(clientID, redirectURI, scope, principal string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if scope == "" {
		scope = joinScopes(s.clients[clientID].Scopes)
	}
	code, rec := s.mintLocked(typeCode, clientID, principalOr(principal), scope, time.Duration(s.cfg.CodeTTL))
	rec.redirectURI = redirectURI
	return code
}

// IssueRefreshToken issues a refresh token dated now.
func (s *Server) IssueRefreshToken(clientID, principal, scope string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	tok, _ := s.mintLocked(typeRefresh, clientID, principalOr(principal), scope, time.Duration(s.cfg.RefreshTTL))
	return tok
}

// IssueAccessToken issues an access token dated now, e.g. for /me tests.
func (s *Server) IssueAccessToken(clientID, principal, scope string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	tok, _ := s.mintLocked(typeAccess, clientID, principalOr(principal), scope, time.Duration(s.cfg.AccessTTL))
	return tok
}

// record counts a request that reached grant handling and keeps a copy.
func (s *Server) recordRequest(grant string, r *http.Request, form url.Values) {
	if grant == "" {
		return
	}
	if len(grant) > 64 {
		grant = "invalid"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts[grant]++
	s.requests[grant] = append(s.requests[grant], Request{
		Grant:  grant,
		Method: r.Method,
		Path:   r.URL.Path,
		Form:   cloneValues(form),
		Header: r.Header.Clone(),
	})
}

func (s *Server) bump(counter string) {
	s.mu.Lock()
	s.counts[counter]++
	s.mu.Unlock()
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func principalOr(p string) string {
	if p == "" {
		return defaultPrincipal
	}
	return p
}
