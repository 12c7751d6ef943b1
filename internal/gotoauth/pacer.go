package gotoauth

import (
	"context"
	"sync"
	"time"
)

// pacer spaces requests to one endpoint for one client once that pair has
// been rate limited: until GoTo answers 429, requests go out at once, so
// exchanges against an unlimited server cost nothing extra.
type pacer struct {
	mu    sync.Mutex
	slots map[cacheKey]*paceSlot
}

type paceSlot struct {
	limited bool
	next    time.Time
}

var sharedPacer = &pacer{slots: map[cacheKey]*paceSlot{}}

// limit turns pacing on for key.
func (p *pacer) limit(key cacheKey) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.slot(key).limited = true
}

// wait blocks until key may send its next request.
func (p *pacer) wait(ctx context.Context, key cacheKey, interval time.Duration) error {
	p.mu.Lock()
	s := p.slot(key)
	if !s.limited || interval <= 0 {
		p.mu.Unlock()
		return nil
	}
	now := time.Now()
	at := s.next
	if at.Before(now) {
		at = now
	}
	s.next = at.Add(interval)
	p.mu.Unlock()
	return sleep(ctx, at.Sub(now))
}

func (p *pacer) slot(key cacheKey) *paceSlot {
	s, ok := p.slots[key]
	if !ok {
		s = &paceSlot{}
		p.slots[key] = s
	}
	return s
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
