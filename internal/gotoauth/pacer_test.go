package gotoauth

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// rateLimitedFirst answers 429 (without Retry-After) to the first n token
// requests, then grants a token; it counts every request.
func rateLimitedFirst(n int64) (http.Handler, *atomic.Int64) {
	var seen atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if seen.Add(1) <= n {
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"tok","token_type":"Bearer","expires_in":3600}`))
	}), &seen
}

// Pacing is the client's own: a second client with the same id and
// endpoint is not slowed down by the first one's rate limit.
func TestPacingBelongsToTheClient(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, _ := rateLimitedFirst(1)
		limited := newTestClient(t, memoryConfig(h, "id", "secret"))
		if _, err := limited.ExchangePAT(t.Context(), "pat-1", 0); err != nil {
			t.Fatal(err)
		}
		if wait, _ := limited.pacer.reserve(limited.cfg.TokenURL); wait == 0 {
			t.Fatal("the rate-limited client does not pace its next request")
		}
		fresh := newTestClient(t, memoryConfig(h, "id", "secret"))
		began := time.Now()
		if _, err := fresh.ExchangePAT(t.Context(), "pat-2", 0); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(began); took != 0 {
			t.Fatalf("a client that was never rate limited waited %s", took)
		}
	})
}

// An exchange whose caller gives up while it waits for the pacer gives its
// slot back: the next exchange gets the slot it left, not the one after.
func TestPacerWaiterThatGivesUpFreesItsSlot(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, _ := rateLimitedFirst(1)
		cfg := memoryConfig(h, "id", "secret")
		cfg.RequestsPerSecond = 1
		c := newTestClient(t, cfg)
		if _, err := c.ExchangePAT(t.Context(), "pat-1", 0); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		if _, err := c.ExchangePAT(ctx, "pat-2", 0); err == nil {
			t.Fatal("the exchange should have given up after 100ms")
		}
		// The shared request notices its last caller left and stops.
		synctest.Wait()
		if wait, _ := c.pacer.reserve(c.cfg.TokenURL); wait > 900*time.Millisecond {
			t.Fatalf("the next exchange waits %s: the abandoned slot was not given back", wait)
		}
	})
}

// The pacer reads the injected clock: advancing it frees the next slot
// without any real time passing.
func TestPacerReadsTheInjectedClock(t *testing.T) {
	clock := &fakeClock{now: receipt}
	p := newPacer(10, clock.Now)
	p.limit("u")
	if wait, _ := p.reserve("u"); wait != 0 {
		t.Fatalf("first slot waits %s", wait)
	}
	if wait, _ := p.reserve("u"); wait != 100*time.Millisecond {
		t.Fatalf("second slot waits %s, want 100ms at 10/s", wait)
	}
	clock.Advance(time.Second)
	if wait, _ := p.reserve("u"); wait != 0 {
		t.Fatalf("after the clock moved a second the slot still waits %s", wait)
	}
}
