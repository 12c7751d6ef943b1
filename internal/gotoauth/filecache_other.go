//go:build !unix

package gotoauth

import (
	"fmt"
	"os"
)

// checkPrivate checks only that dir is a directory: where Unix permission
// bits do not exist, the directory's access control list protects it.
func checkPrivate(dir string) error {
	info, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("it is not a directory")
	}
	return nil
}
