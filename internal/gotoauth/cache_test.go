package gotoauth

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// countingServer answers every token request with a fresh token after a
// short pause, so concurrent callers overlap.
func countingServer(t *testing.T, expiresIn int) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := n.Add(1)
		time.Sleep(20 * time.Millisecond)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":"tok-%d","token_type":"Bearer","expires_in":%d}`, i, expiresIn)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestIdenticalExchangesInFlightShareOneRequest(t *testing.T) {
	srv, n := countingServer(t, 3600)
	c, err := New(Config{ClientID: "id", ClientSecret: "secret", TokenURL: srv.URL + "/oauth/token"})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	tokens := make([]string, 50)
	for i := range tokens {
		wg.Go(func() {
			tok, err := c.ExchangePAT(context.Background(), "same-pat", 5*time.Minute)
			if err != nil {
				t.Error(err)
				return
			}
			tokens[i] = tok.AccessToken
		})
	}
	wg.Wait()
	if got := n.Load(); got != 1 {
		t.Fatalf("50 identical exchanges made %d requests, want 1", got)
	}
	for _, tok := range tokens {
		if tok != "tok-1" {
			t.Fatalf("got %q, want the shared tok-1", tok)
		}
	}
}

func TestDistinctExchangesDoNotShare(t *testing.T) {
	srv, n := countingServer(t, 3600)
	cache := NewCache()
	for _, cfg := range []Config{
		{ClientID: "id", ClientSecret: "secret"},
		{ClientID: "id", ClientSecret: "other-secret"},
		{ClientID: "other-id", ClientSecret: "secret"},
	} {
		cfg.TokenURL, cfg.Cache = srv.URL+"/oauth/token", cache
		c, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		for _, pat := range []string{"pat-1", "pat-2"} {
			if _, err := c.ExchangePAT(context.Background(), pat, 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got := n.Load(); got != 6 {
		t.Fatalf("6 distinct exchanges made %d requests", got)
	}
}

func TestCachedTokenIsReusedOnlyWhileItKeepsMinValidity(t *testing.T) {
	srv, n := countingServer(t, 3600)
	clock := &fakeClock{now: receipt}
	c, err := New(Config{ClientID: "id", ClientSecret: "secret", TokenURL: srv.URL + "/oauth/token", Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	get := func(minValidity time.Duration) string {
		t.Helper()
		tok, err := c.ExchangePAT(context.Background(), "pat", minValidity)
		if err != nil {
			t.Fatal(err)
		}
		return tok.AccessToken
	}
	first := get(5 * time.Minute)
	clock.Advance(50 * time.Minute)
	if again := get(5 * time.Minute); again != first || n.Load() != 1 {
		t.Fatalf("a token with 10 minutes left must be reused for min_validity 5m (requests %d)", n.Load())
	}
	if fresh := get(15 * time.Minute); fresh == first || n.Load() != 2 {
		t.Fatalf("a token with 10 minutes left must not serve min_validity 15m (requests %d)", n.Load())
	}
}

func TestFailuresAreNotCached(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":"invalid_grant"}`)
			return
		}
		fmt.Fprint(w, `{"access_token":"tok","expires_in":3600}`)
	}))
	defer srv.Close()
	c, _ := New(Config{ClientID: "id", ClientSecret: "s", TokenURL: srv.URL})
	if _, err := c.ExchangePAT(context.Background(), "pat", 0); err == nil {
		t.Fatal("want the first exchange to fail")
	}
	if _, err := c.ExchangePAT(context.Background(), "pat", 0); err != nil {
		t.Fatalf("a failure must not be cached: %v", err)
	}
}

// Identical exchanges waiting on a request that times out share its failure
// instead of repeating the whole wait one after another.
func TestIdenticalExchangesShareATimeout(t *testing.T) {
	var n atomic.Int64
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c, err := New(Config{ClientID: "id", ClientSecret: "s", TokenURL: srv.URL, RequestTimeout: 200 * time.Millisecond, MaxRetries: intp(0)})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			if _, err := c.ExchangePAT(context.Background(), "pat", 0); err == nil {
				t.Error("want a timeout")
			}
		})
	}
	wg.Wait()
	if got := n.Load(); got != 1 {
		t.Fatalf("5 identical exchanges that timed out made %d requests, want 1", got)
	}
}

// slowToken answers every token request with a fresh token after pause
// (bubble time under synctest), or when the request is cancelled; it counts
// requests and cancellations.
func slowToken(pause time.Duration) (http.Handler, *atomic.Int64, *atomic.Int64) {
	var seen, cancelled atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := seen.Add(1)
		select {
		case <-time.After(pause):
		case <-r.Context().Done():
			cancelled.Add(1)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":"tok-%d","token_type":"Bearer","expires_in":3600}`, i)
	}), &seen, &cancelled
}

// A caller that joined a request whose first caller gave up still gets its
// token from that same request.
func TestFollowerKeepsTheRequestWhenTheLeaderIsCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, seen, _ := slowToken(time.Second)
		c := newTestClient(t, memoryConfig(h, "id", "s"))
		leader, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() {
			_, err := c.ExchangePAT(leader, "pat", 0)
			done <- err
		}()
		synctest.Wait()
		follower := make(chan error, 1)
		go func() {
			_, err := c.ExchangePAT(t.Context(), "pat", 0)
			follower <- err
		}()
		synctest.Wait()
		cancel()
		requireError(t, <-done, PersonalAccessToken, nil, "the exchange was cancelled")
		if err := <-follower; err != nil {
			t.Fatalf("the follower should get the shared request's token: %v", err)
		}
		if got := seen.Load(); got != 1 {
			t.Fatalf("%d requests, want the one shared request", got)
		}
	})
}

// A shared request does not run on its first caller's deadline: that
// caller's short deadline fails only that caller, while an identical caller
// with time to spare gets the token after GoTo's Retry-After.
func TestSharedRequestOutlivesTheLeadersDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var seen atomic.Int64
		h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			if seen.Add(1) == 1 {
				// Slow enough for the second caller to join the request.
				time.Sleep(100 * time.Millisecond)
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			fmt.Fprint(w, `{"access_token":"tok","token_type":"Bearer","expires_in":3600}`)
		})
		c := newTestClient(t, memoryConfig(h, "id", "s"))
		leader, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
		defer cancel()
		done := make(chan error, 1)
		go func() {
			_, err := c.ExchangePAT(leader, "pat", 0)
			done <- err
		}()
		synctest.Wait()
		tok, err := c.ExchangePAT(t.Context(), "pat", 0)
		if err != nil {
			t.Fatalf("the caller without a deadline inherited the first caller's: %v", err)
		}
		if tok.AccessToken != "tok" || seen.Load() != 2 {
			t.Fatalf("got %q after %d requests, want tok after 2", tok.AccessToken, seen.Load())
		}
		requireError(t, <-done, PersonalAccessToken, nil, "deadline")
	})
}

// When every caller has given up, the request is cancelled rather than left
// running, and a later caller starts a new one.
func TestLastCallerToGiveUpCancelsTheRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, seen, cancelled := slowToken(time.Hour)
		c := newTestClient(t, memoryConfig(h, "id", "s"))
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		if _, err := c.ExchangePAT(ctx, "pat", 0); err == nil {
			t.Fatal("want the caller's deadline to end its wait")
		}
		synctest.Wait()
		if cancelled.Load() != 1 {
			t.Fatal("the request went on after its only caller gave up")
		}
		ctx, cancel = context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		_, _ = c.ExchangePAT(ctx, "pat", 0)
		if seen.Load() != 2 {
			t.Fatalf("%d requests, want a new one for the later caller", seen.Load())
		}
	})
}
