package mockgoto

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Admin endpoints under /_mock/ let tests in another process drive the server.

// Stats is the body of GET /_mock/stats.
type Stats struct {
	Requests      map[string]int `json:"requests"`
	Total         int            `json:"total"`
	RateLimited   int            `json:"rate_limited"`
	Faulted       int            `json:"faulted"`
	PendingFaults int            `json:"pending_faults"`
	// Revocations counts requests to POST /oauth/revoke that reached it.
	Revocations int `json:"revocations"`
	// Me counts requests to the who-am-i endpoints.
	Me int `json:"me"`
}

// Stats reports the counters as GET /_mock/stats does.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	pending := 0
	for _, f := range s.faults {
		pending += f.Count
	}
	return Stats{
		Requests:      s.countsLocked(),
		Total:         s.counts[CounterTotal],
		RateLimited:   s.counts[CounterRateLimited],
		Faulted:       s.counts[CounterFaulted],
		PendingFaults: pending,
		Revocations:   s.counts[Revocations],
		Me:            s.counts[CounterMe],
	}
}

func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.Stats())
}

// IssuedToken is one code or token the server minted, as GET /_mock/issued
// lists it, so a test in another process can scan its outputs for them.
type IssuedToken struct {
	Type      string    `json:"type"` // "code", "access" or "refresh"
	Token     string    `json:"token"`
	ClientID  string    `json:"client_id"`
	Principal string    `json:"principal"`
	IssuedAt  time.Time `json:"issued_at"`
}

// Issued lists every code and token the server minted (configured refresh
// tokens are not minted), oldest first. Reset keeps them.
func (s *Server) Issued() []IssuedToken {
	names := map[string]string{typeCode: "code", typeAccess: "access", typeRefresh: "refresh"}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []IssuedToken{}
	for tok, rec := range s.tokens {
		if rec.seeded {
			continue
		}
		out = append(out, IssuedToken{Type: names[rec.typ], Token: tok, ClientID: rec.clientID, Principal: rec.principal, IssuedAt: rec.issuedAt})
	}
	slices.SortFunc(out, func(a, b IssuedToken) int {
		if c := a.IssuedAt.Compare(b.IssuedAt); c != 0 {
			return c
		}
		return strings.Compare(a.Token, b.Token)
	})
	return out
}

func (s *Server) handleIssued(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.Issued())
}

func (s *Server) handleListFaults(w http.ResponseWriter, r *http.Request) {
	faults := s.PendingFaults()
	if faults == nil {
		faults = []Fault{}
	}
	writeJSON(w, http.StatusOK, faults)
}

// handleAddFaults takes one Fault object or an array of them.
func (s *Server) handleAddFaults(w http.ResponseWriter, r *http.Request) {
	body, ok := readAdminBody(w, r)
	if !ok {
		return
	}
	var faults []Fault
	if t := bytes.TrimSpace(body); len(t) > 0 && t[0] == '[' {
		if err := json.Unmarshal(t, &faults); err != nil {
			adminError(w, err.Error())
			return
		}
	} else {
		var f Fault
		if err := json.Unmarshal(t, &f); err != nil {
			adminError(w, err.Error())
			return
		}
		faults = []Fault{f}
	}
	for _, f := range faults {
		if f.Status != 0 && (f.Status < 100 || f.Status > 999) {
			adminError(w, "status must be a three-digit HTTP status or 0")
			return
		}
		if f.Delay < 0 {
			adminError(w, "delay must not be negative")
			return
		}
	}
	for _, f := range faults {
		s.InjectFault(f)
	}
	s.handleListFaults(w, r)
}

func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) {
	s.Reset()
	w.WriteHeader(http.StatusNoContent)
}

// handleClock reports the server time; POST {"advance":"601s"} moves it on,
// so expiry can be tested against a separate process.
func (s *Server) handleClock(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		body, ok := readAdminBody(w, r)
		if !ok {
			return
		}
		var req struct {
			Advance Duration `json:"advance"`
		}
		if err := decodeLoose(body, &req, nil); err != nil {
			adminError(w, err.Error())
			return
		}
		if req.Advance < 0 {
			adminError(w, "advance must not be negative")
			return
		}
		s.Advance(time.Duration(req.Advance))
	}
	writeJSON(w, http.StatusOK, map[string]string{"now": s.Now().UTC().Format(time.RFC3339)})
}

func readAdminBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		adminError(w, "cannot read body: "+err.Error())
		return nil, false
	}
	return body, true
}

func adminError(w http.ResponseWriter, msg string) {
	writeJSON(w, http.StatusBadRequest, map[string]string{"error": msg})
}
