package gotoauth

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// pacer spaces one client's requests to each endpoint once that endpoint has
// rate limited it: until GoTo answers 429, requests go out at once, so
// exchanges against an unlimited server cost nothing extra.
type pacer struct {
	perSecond float64
	now       func() time.Time

	mu       sync.Mutex
	limiters map[string]*rate.Limiter
}

func newPacer(perSecond float64, now func() time.Time) *pacer {
	return &pacer{perSecond: perSecond, now: now, limiters: map[string]*rate.Limiter{}}
}

// limit turns pacing on for endpoint.
func (p *pacer) limit(endpoint string) {
	if p.perSecond <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.limiters[endpoint] == nil {
		p.limiters[endpoint] = rate.NewLimiter(rate.Limit(p.perSecond), 1)
	}
}

// reserve takes endpoint's next slot and says how long to wait for it; the
// slot is given back by cancel when the wait is abandoned.
func (p *pacer) reserve(endpoint string) (wait time.Duration, cancel func()) {
	p.mu.Lock()
	lim := p.limiters[endpoint]
	p.mu.Unlock()
	if lim == nil {
		return 0, func() {}
	}
	r := lim.ReserveN(p.now(), 1)
	return r.DelayFrom(p.now()), func() { r.CancelAt(p.now()) }
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
