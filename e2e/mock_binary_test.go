package e2e

import (
	"debug/elf"
	"runtime"
	"testing"
)

// TestE2EMockIsStatic checks that the mock the suite runs is the build the
// container image holds: a static binary, which a scratch image can run.
func TestE2EMockIsStatic(t *testing.T) {
	requireCLI(t)
	if runtime.GOOS != "linux" {
		t.Skip("the image holds a linux binary")
	}
	f, err := elf.Open(build(t).mock)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("goto-mock-server names a dynamic loader: it is not static")
		}
	}
	if libs, err := f.ImportedLibraries(); err != nil || len(libs) > 0 {
		t.Errorf("goto-mock-server links %v (%v), want no shared library", libs, err)
	}
}
