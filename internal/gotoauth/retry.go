package gotoauth

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const (
	// DefaultRetryBaseDelay is the first backoff window.
	DefaultRetryBaseDelay = 500 * time.Millisecond
	maxBackoff            = 20 * time.Second
	// maxRetryAfter is the longest Retry-After honoured; a longer one fails
	// at once rather than stalling a plan.
	maxRetryAfter = 2 * time.Minute
)

// retryable reports whether a status is worth another attempt.
func retryable(status int) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// backoff is exponential backoff with full jitter for retry n (from 1).
func backoff(base time.Duration, n int) time.Duration {
	window := base
	for i := 1; i < n && window < maxBackoff; i++ {
		window *= 2
	}
	window = min(window, maxBackoff)
	return rand.N(window) + 1
}

// parseRetryAfter reads Retry-After as seconds or an HTTP date; ok is false
// when the header is absent or unreadable.
func parseRetryAfter(value string, now time.Time) (time.Duration, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(value, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(maxRetryAfter/time.Second)+1 {
			return maxRetryAfter + time.Second, true
		}
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(value); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}
