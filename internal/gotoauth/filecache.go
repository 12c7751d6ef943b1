package gotoauth

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gofrs/flock"
)

const (
	entrySuffix = ".tok"
	lockSuffix  = ".lock"
	tempPrefix  = ".tmp-"
	// entryMagic starts every entry, so a file of another format or
	// version is recognised and replaced.
	entryMagic = "GTC1"
	headerSize = len(entryMagic) + 8
	// maxEntryBytes is far above any token; a larger file is not an entry.
	maxEntryBytes = 64 << 10
	// lockPoll is how often a process waiting for another's identical
	// request checks whether it is done.
	lockPoll = 25 * time.Millisecond
	// staleTemp is how old an unfinished write must be before it is pruned.
	staleTemp = 10 * time.Minute
)

// entryInfo is the HKDF info: it binds derived keys to this use.
const entryInfo = "terraform-provider-goto token cache entry v1"

// fileCache keeps tokens in a directory that every provider process of one
// user on the machine can read. Each entry is sealed with AES-GCM under a key
// derived from the exchange's own secret inputs, so it is useless to anyone
// who could not make the exchange anyway; a file lock per entry lets one
// process make the request while the others wait for its result.
type fileCache struct {
	dir string
}

// UseDir makes the cache share exchanges with other processes through dir,
// which is created (0700) when missing. A directory that another user owns
// or others may write to is refused with an error saying why; the cache then
// stays in memory only.
func (c *Cache) UseDir(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return fmt.Errorf("it could not be created: %w", err)
	}
	info, err := os.Stat(abs)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return errors.New("it is not a directory")
	}
	if err := checkAccess(info); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.files = &fileCache{dir: abs}
	return nil
}

func (f *fileCache) path(key cacheKey, suffix string) string {
	return filepath.Join(f.dir, key.name()+suffix)
}

// do returns the entry's token when it is valid for the caller; otherwise it
// takes the entry's lock, waiting at most s.lockWait for a process making the
// same request, and fetches and stores a token. No failure of the cache
// fails the exchange: at worst the request is made without it.
func (f *fileCache) do(ctx context.Context, key cacheKey, s share, fetch func(context.Context) (*Token, error)) (*Token, error) {
	aead, err := entryAEAD(key, s.secret)
	if err != nil {
		s.log("token cache unusable", map[string]any{"error": err.Error()})
		return fetch(ctx)
	}
	if t := f.read(key, aead, s); t != nil {
		return t, nil
	}
	lock := flock.New(f.path(key, lockSuffix), flock.SetPermissions(0o600))
	wctx, cancel := context.WithTimeout(ctx, s.lockWait)
	locked, err := lock.TryLockContext(wctx, lockPoll)
	cancel()
	if !locked {
		// A holder that outlives the wait must not block this exchange; a
		// holder that dies releases its lock with its process.
		fields := map[string]any{"waited": s.lockWait.String()}
		if err != nil && !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
			fields = map[string]any{"error": withoutPath(err)}
		}
		s.log("token cache lock not taken; exchanging without the cache", fields)
		return fetch(ctx)
	}
	defer func() { _ = lock.Unlock() }()
	if t := f.read(key, aead, s); t != nil {
		return t, nil
	}
	t, err := fetch(ctx)
	if err != nil {
		return nil, err
	}
	if err := f.write(key, aead, t); err != nil {
		s.log("token cache entry not written", map[string]any{"error": withoutPath(err)})
	}
	f.prune(s.now())
	return t, nil
}

// read returns the entry's token if it decrypts and keeps the caller's
// minimum validity; anything else counts as no entry.
func (f *fileCache) read(key cacheKey, aead cipher.AEAD, s share) *Token {
	file, err := os.Open(f.path(key, entrySuffix))
	if err != nil {
		return nil
	}
	defer file.Close()
	raw, err := io.ReadAll(io.LimitReader(file, maxEntryBytes+1))
	if err != nil || len(raw) > maxEntryBytes || len(raw) < headerSize+aead.NonceSize() || !bytes.HasPrefix(raw, []byte(entryMagic)) {
		return nil
	}
	header, nonce, sealed := raw[:headerSize], raw[headerSize:headerSize+aead.NonceSize()], raw[headerSize+aead.NonceSize():]
	plain, err := aead.Open(nil, nonce, sealed, additionalData(header, key))
	if err != nil {
		return nil
	}
	var t Token
	if json.Unmarshal(plain, &t) != nil || t.AccessToken == "" || !t.validFor(s.now(), s.minValidity) {
		return nil
	}
	return &t
}

// write stores t atomically: a reader sees the old entry or the new one.
func (f *fileCache) write(key cacheKey, aead cipher.AEAD, t *Token) error {
	if t.ExpiresAt.IsZero() {
		return nil // never reused, so not worth storing
	}
	plain, err := json.Marshal(t)
	if err != nil {
		return err
	}
	header := make([]byte, headerSize)
	copy(header, entryMagic)
	binary.BigEndian.PutUint64(header[len(entryMagic):], uint64(t.ExpiresAt.Unix()))
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return err
	}
	out := slices.Concat(header, nonce, aead.Seal(nil, nonce, plain, additionalData(header, key)))
	tmp, err := os.CreateTemp(f.dir, tempPrefix+"*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(out); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), f.path(key, entrySuffix))
}

func (f *fileCache) forget(key cacheKey) {
	_ = os.Remove(f.path(key, entrySuffix))
}

// prune removes expired entries and abandoned writes. It reads only the
// plain header, so it prunes entries of every credential.
func (f *fileCache) prune(now time.Time) {
	names, err := os.ReadDir(f.dir)
	if err != nil {
		return
	}
	for _, d := range names {
		name := filepath.Join(f.dir, d.Name())
		switch {
		case strings.HasSuffix(d.Name(), entrySuffix):
			if expiry, ok := readExpiry(name); !ok || now.After(expiry) {
				_ = os.Remove(name)
			}
		case strings.HasPrefix(d.Name(), tempPrefix):
			if info, err := d.Info(); err == nil && now.Sub(info.ModTime()) > staleTemp {
				_ = os.Remove(name)
			}
		}
	}
}

// readExpiry reads an entry's plain expiry; ok is false for a file that is
// not an entry.
func readExpiry(name string) (time.Time, bool) {
	file, err := os.Open(name)
	if err != nil {
		return time.Time{}, false
	}
	defer file.Close()
	header := make([]byte, headerSize)
	if _, err := io.ReadFull(file, header); err != nil || !bytes.HasPrefix(header, []byte(entryMagic)) {
		return time.Time{}, false
	}
	return time.Unix(int64(binary.BigEndian.Uint64(header[len(entryMagic):])), 0), true
}

// withoutPath is a cache failure as logged: an entry's file name is a hash
// of the exchange's inputs, which a guessed password (direct login sends no
// client secret) can be checked against, so paths stay out of logs.
func withoutPath(err error) string {
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return pathErr.Op + ": " + pathErr.Err.Error()
	}
	var linkErr *os.LinkError
	if errors.As(err, &linkErr) {
		return linkErr.Op + ": " + linkErr.Err.Error()
	}
	return err.Error()
}

// name is the key in hexadecimal, the stem of its entry's file names.
func (k cacheKey) name() string {
	return hex.EncodeToString(k[:])
}

// entryAEAD derives the entry's key from the exchange's secret inputs, with
// the entry's name as salt.
func entryAEAD(key cacheKey, secret []byte) (cipher.AEAD, error) {
	k, err := hkdf.Key(sha256.New, secret, key[:], entryInfo, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// additionalData binds the sealed token to its plain header and its entry
// name, so neither can be swapped.
func additionalData(header []byte, key cacheKey) []byte {
	return append(append([]byte(nil), header...), key[:]...)
}
