package gotoauth

import (
	"math"
	"net/http"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	if d, ok := parseRetryAfter("3", now); !ok || d != 3*time.Second {
		t.Errorf("seconds: %s %v", d, ok)
	}
	if d, ok := parseRetryAfter(now.Add(7*time.Second).Format(http.TimeFormat), now); !ok || d != 7*time.Second {
		t.Errorf("date: %s %v", d, ok)
	}
	if d, ok := parseRetryAfter(now.Add(-time.Minute).Format(http.TimeFormat), now); !ok || d != 0 {
		t.Errorf("past date: %s %v", d, ok)
	}
	if _, ok := parseRetryAfter("soon", now); ok {
		t.Error("garbage must be ignored")
	}
	if d, _ := parseRetryAfter("999999999999", now); d <= maxRetryAfter {
		t.Errorf("a huge value must stay huge, got %s", d)
	}
}

func TestBackoffStaysInsideItsWindow(t *testing.T) {
	for n := 1; n <= 12; n++ {
		window := min(100*time.Millisecond<<(n-1), maxBackoff)
		for range 200 {
			if d := backoff(100*time.Millisecond, n); d <= 0 || d > window {
				t.Fatalf("retry %d: %s outside (0, %s]", n, d, window)
			}
		}
	}
}

// 429s without Retry-After are waited out past max_retries, as long as the
// exchange stays within max_wait.
func TestRateLimitsAreWaitedOutNotCounted(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, seen := rateLimitedFirst(12)
		cfg := memoryConfig(h, "id", "secret")
		cfg.MaxRetries = intp(1)
		c := newTestClient(t, cfg)
		if _, err := c.ExchangePAT(t.Context(), "pat", 0); err != nil {
			t.Fatalf("12 rate limits with max_retries 1: %v", err)
		}
		if got := seen.Load(); got != 13 {
			t.Fatalf("%d requests, want 13", got)
		}
	})
}

// A server that rate limits forever is given up on once the next attempt
// would start after max_wait, with a message that names the setting.
func TestRateLimitsEndAtMaxWait(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h, seen := rateLimitedFirst(1 << 40)
		cfg := memoryConfig(h, "id", "secret")
		cfg.MaxWait = time.Minute
		c := newTestClient(t, cfg)
		began := time.Now()
		_, err := c.ExchangePAT(t.Context(), "pat", 0)
		took := time.Since(began)
		requireError(t, err, PersonalAccessToken, nil, "HTTP 429", "max_wait (1m0s)", "token_cache_dir")
		if took > time.Minute || took < 30*time.Second {
			t.Fatalf("gave up after %s, want close to max_wait (1m)", took)
		}
		if seen.Load() < 5 {
			t.Fatalf("only %d attempts in a minute", seen.Load())
		}
	})
}

// max_retries still bounds 5xx answers.
func TestMaxRetriesBounds5xx(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var seen atomic.Int64
		h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			seen.Add(1)
			w.WriteHeader(http.StatusServiceUnavailable)
		})
		cfg := memoryConfig(h, "id", "secret")
		cfg.MaxRetries = intp(2)
		c := newTestClient(t, cfg)
		requireError(t, func() error { _, err := c.ExchangePAT(t.Context(), "pat", 0); return err }(), PersonalAccessToken, nil, "HTTP 503", "after 3 attempts")
		if got := seen.Load(); got != 3 {
			t.Fatalf("%d requests, want 3", got)
		}
	})
}

// A max_wait as large as a duration can be is no budget at all, not one that
// wraps around to a deadline already past.
func TestLargestMaxWaitStillExchanges(t *testing.T) {
	h, _ := rateLimitedFirst(0)
	cfg := memoryConfig(h, "id", "secret")
	cfg.MaxWait = math.MaxInt64
	if _, err := newTestClient(t, cfg).ExchangePAT(t.Context(), "pat-1", 0); err != nil {
		t.Fatal(err)
	}
}
