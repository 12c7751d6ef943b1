package mockgoto

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Fault replaces the next Count token-endpoint responses (POST /oauth/token,
// GET|POST /oauth/access_token, POST /oauth/revoke). After Delay it answers Status with Body,
// ContentType and Header. A zero Status only delays: the request is then
// handled normally, which is how client timeouts are tested. Count < 1 means 1;
// an empty Body with a Status gets a JSON server_error body. Faults queue in
// the order injected. In JSON, Delay is a duration string ("2s").
type Fault struct {
	Count       int
	Status      int
	Body        string
	ContentType string
	Header      map[string]string
	Delay       time.Duration
}

type faultJSON struct {
	Count       int               `json:"count"`
	Status      int               `json:"status"`
	Body        string            `json:"body,omitempty"`
	ContentType string            `json:"content_type,omitempty"`
	Header      map[string]string `json:"header,omitempty"`
	Delay       Duration          `json:"delay,omitempty"`
}

// MarshalJSON writes snake_case keys and Delay as a duration string.
func (f Fault) MarshalJSON() ([]byte, error) {
	return json.Marshal(faultJSON{f.Count, f.Status, f.Body, f.ContentType, f.Header, Duration(f.Delay)})
}

// UnmarshalJSON reads keys leniently (see Config); "headers" also works.
func (f *Fault) UnmarshalJSON(b []byte) error {
	var j faultJSON
	if err := decodeLoose(b, &j, map[string]string{"headers": "header"}); err != nil {
		return fmt.Errorf("fault: %w", err)
	}
	*f = Fault{j.Count, j.Status, j.Body, j.ContentType, j.Header, time.Duration(j.Delay)}
	return nil
}

// InjectFault queues f for the next f.Count token-endpoint requests.
func (s *Server) InjectFault(f Fault) {
	if f.Count < 1 {
		f.Count = 1
	}
	s.mu.Lock()
	s.faults = append(s.faults, f)
	s.mu.Unlock()
}

// PendingFaults returns the queued faults with their remaining counts.
func (s *Server) PendingFaults() []Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Fault(nil), s.faults...)
}

// takeFault consumes one use of the oldest queued fault.
func (s *Server) takeFault() (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.faults) == 0 {
		return Fault{}, false
	}
	f := s.faults[0]
	if s.faults[0].Count--; s.faults[0].Count == 0 {
		s.faults = s.faults[1:]
	}
	return f, true
}

// serveFault writes f's response after its delay; false if the client went away first.
func serveFault(w http.ResponseWriter, r *http.Request, f Fault) bool {
	if !sleep(r.Context(), f.Delay) {
		return false
	}
	body, ctype := f.Body, f.ContentType
	if body == "" {
		body = `{"error":"server_error","error_description":"injected fault"}` + "\n"
		if ctype == "" {
			ctype = "application/json"
		}
	}
	if ctype == "" {
		ctype = "text/plain; charset=utf-8"
		if t := strings.TrimSpace(body); strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
			ctype = "application/json"
		}
	}
	w.Header().Set("Content-Type", ctype)
	for k, v := range f.Header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(f.Status)
	_, _ = w.Write([]byte(body))
	return true
}

// sleep waits d unless ctx ends first; it reports whether the full wait passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// admit is the gate every token-endpoint request passes once its form is
// read. Injected faults come first (they stand in for trouble in front of the
// service), then the per-client rate limit. It reports whether the caller
// should go on and handle the grant; if not, the response is written (or the
// client has gone).
func (s *Server) admit(w http.ResponseWriter, r *http.Request, grant, clientID string, form url.Values, fail func(status int, code, msg string)) bool {
	if f, ok := s.takeFault(); ok {
		if f.Status == 0 {
			if !sleep(r.Context(), f.Delay) {
				return false
			}
		} else {
			s.bump(CounterFaulted)
			s.recordRequest(grant, r, form)
			serveFault(w, r, f)
			return false
		}
	}
	if ok, wait := s.limiter.allow(clientID); !ok {
		s.bump(CounterRateLimited)
		if s.cfg.RetryAfter {
			w.Header().Set("Retry-After", fmt.Sprint(retryAfterSeconds(wait)))
		}
		fail(http.StatusTooManyRequests, "rate_limited",
			fmt.Sprintf("rate limit of %g requests per second exceeded for this client", s.cfg.RateLimit))
		return false
	}
	s.recordRequest(grant, r, form)
	return true
}
