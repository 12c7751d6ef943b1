package main

import (
	"strings"
	"testing"
	"time"
)

func TestSpliceFleetReplacesOnlyTheFleetSection(t *testing.T) {
	old := "# Benchmarks\n\n## Plans\n\nplans\n\n## Fleet: old\n\nold table\n\n## After\n\nafter\n"
	got := spliceFleet(old, "## Fleet: new\n\nnew table\n\n")
	want := "# Benchmarks\n\n## Plans\n\nplans\n\n## Fleet: new\n\nnew table\n\n## After\n\nafter\n"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if got := spliceFleet("# Benchmarks\n\n## Plans\n\nplans\n", "## Fleet: new\n"); !strings.HasSuffix(got, "plans\n\n## Fleet: new\n") {
		t.Fatalf("the section was not appended:\n%s", got)
	}
}

func TestFleetMarkdownMarksFailures(t *testing.T) {
	m := machine{cliName: "terraform", cores: 2, load: "0.1", loadEnd: "0.2", date: time.Unix(0, 0)}
	md := fleetMarkdown(m, []fleetResult{
		{k: 100, wall: 90 * time.Second, requests: 300, rateLimited: 200, failures: 3, firstError: "Error: boom"},
		{k: 100, cache: true, wall: 10 * time.Second, requests: 1},
	})
	for _, want := range []string{"| 100 | unset | 90000 ms | 300 | 200 | 3 |", "| 100 | set | 10000 ms | 1 | 0 | 0 |",
		"| Every plan of every fleet succeeds, up to K = 100 | **missed** |", "at most 2 token requests per fleet (one credential) | met |", "`Error: boom`"} {
		if !strings.Contains(md, want) {
			t.Errorf("the fleet table lacks %q:\n%s", want, md)
		}
	}
}
