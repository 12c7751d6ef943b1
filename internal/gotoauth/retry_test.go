package gotoauth

import (
	"net/http"
	"testing"
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
