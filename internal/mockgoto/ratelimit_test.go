package mockgoto

import (
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"
)

func TestRateLimiterBucket(t *testing.T) {
	l := newRateLimiter(2)
	now := time.Unix(0, 0)
	l.now = func() time.Time { return now }
	for i := 0; i < 2; i++ {
		if ok, _ := l.allow("a"); !ok {
			t.Fatalf("request %d refused inside the burst", i)
		}
	}
	ok, wait := l.allow("a")
	if ok || wait != 500*time.Millisecond {
		t.Fatalf("third: ok=%v wait=%v", ok, wait)
	}
	if ok, _ := l.allow("b"); !ok {
		t.Fatal("clients have separate buckets")
	}
	now = now.Add(500 * time.Millisecond)
	if ok, _ := l.allow("a"); !ok {
		t.Fatal("a slot frees after 1/rate")
	}
	if ok, _ := newRateLimiter(-1).allow("a"); !ok {
		t.Fatal("negative rate is off")
	}
	if retryAfterSeconds(10*time.Millisecond) != 1 || retryAfterSeconds(1500*time.Millisecond) != 2 {
		t.Fatal("retryAfterSeconds rounds up to at least 1")
	}
}

func TestRateLimit429(t *testing.T) {
	cfg := testConfig()
	cfg.RateLimit = 0.5 // burst 1, next slot in 2s: deterministic on any machine
	cfg.RetryAfter = true
	s, ts, _ := start(t, cfg)
	pat := form("grant_type", "personal_access_token", "pat", "pat-ok")

	wantStatus(t, token(t, ts, "app", "s3cret", pat), http.StatusOK)
	r := token(t, ts, "app", "s3cret", pat)
	wantError(t, r, http.StatusTooManyRequests, "rate_limited")
	if n, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || n < 1 || n > 2 {
		t.Fatalf("Retry-After %q", r.Header.Get("Retry-After"))
	}
	// Another client has its own budget; direct login is limited the same way.
	wantStatus(t, token(t, ts, "nopat", "np", form("grant_type", "password", "username", "alice", "password", "pw")), http.StatusOK)
	login := form("grant_type", "password", "user_id", "alice", "password", "pw", "client_id", "app")
	wantError(t, directLogin(t, ts, http.MethodPost, login), http.StatusTooManyRequests, "rate_limited")

	st := s.Stats()
	if st.RateLimited != 2 || st.Total != 4 || st.Requests[GrantPAT] != 1 || st.Requests[GrantDirectLogin] != 0 {
		t.Fatalf("stats %+v", st)
	}

	// Reset clears the buckets.
	s.Reset()
	wantStatus(t, token(t, ts, "app", "s3cret", pat), http.StatusOK)
}

func TestRateLimitDefaultWithoutRetryAfter(t *testing.T) {
	cfg := testConfig()
	s := New(cfg) // default 10/s
	s.limiter.now = func() time.Time { return time.Unix(0, 0) }
	ts := startHandler(t, s)
	var wg sync.WaitGroup
	statuses := make(chan reply, 12)
	for i := 0; i < 12; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses <- token(t, ts, "app", "s3cret", form("grant_type", "personal_access_token", "pat", "pat-ok"))
		}()
	}
	wg.Wait()
	close(statuses)
	limited := 0
	for r := range statuses {
		if r.Status == http.StatusTooManyRequests {
			limited++
			if r.Header.Get("Retry-After") != "" {
				t.Fatal("Retry-After sent without RetryAfter")
			}
		}
	}
	if limited != 2 || s.Count(CounterRateLimited) != 2 || s.Count(GrantPAT) != 10 {
		t.Fatalf("limited %d, counts %v", limited, s.Stats())
	}
}
