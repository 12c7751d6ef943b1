//go:build unix

package gotoauth

import (
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// checkAccess refuses a cache directory that another user owns or that
// others may write to: they could plant or remove entries.
func checkAccess(info fs.FileInfo) error {
	if st, ok := info.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Getuid() {
		return fmt.Errorf("it belongs to another user (uid %d); use a directory of your own", st.Uid)
	}
	if perm := info.Mode().Perm(); perm&0o022 != 0 {
		return fmt.Errorf("others may write to it (mode %04o); use a directory only you can write to, for example with chmod 700", perm)
	}
	return nil
}
