package e2e

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"

	"github.com/goto-community/terraform-provider-goto/internal/clitest"
	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// snippet is one fenced HCL block of a Markdown file.
type snippet struct {
	file string // relative to the repository root
	line int    // of the opening fence
	src  string
}

func (s snippet) String() string { return fmt.Sprintf("%s:%d", s.file, s.line) }

// hclFence opens a code block that a reader would paste into a .tf file (or,
// for provider_installation, into a CLI configuration file).
var hclFence = regexp.MustCompile("^```(terraform|hcl|tf)\\s*$")

// snippets returns the HCL blocks of README.md and of every Markdown file
// under docs/, so pages added later are covered without being listed.
func snippets(t *testing.T) []snippet {
	t.Helper()
	files := []string{"README.md"}
	err := filepath.WalkDir(filepath.Join("..", "docs"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".md") {
			files = append(files, filepath.ToSlash(strings.TrimPrefix(path, ".."+string(filepath.Separator))))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var all []snippet
	for _, file := range files {
		f, err := os.Open(filepath.Join("..", file))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		var cur *snippet
		for n := 1; sc.Scan(); n++ {
			switch line := sc.Text(); {
			case cur == nil && hclFence.MatchString(line):
				cur = &snippet{file: file, line: n}
			case cur != nil && strings.TrimSpace(line) == "```":
				all = append(all, *cur)
				cur = nil
			case cur != nil:
				cur.src += line + "\n"
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		if cur != nil {
			t.Fatalf("%s: unclosed code block", cur)
		}
	}
	return all
}

// mayBeFragment reports whether a page may show a configuration fragment: the
// resource, data source and function pages do, beside the registry's "Use
// Provider" box. Everything else a reader pastes as a whole.
func mayBeFragment(file string) bool {
	for _, dir := range []string{"docs/resources/", "docs/data-sources/", "docs/ephemeral-resources/", "docs/functions/"} {
		if strings.HasPrefix(file, dir) {
			return true
		}
	}
	return false
}

var (
	cliConfigBlock    = regexp.MustCompile(`(?m)^provider_installation\s*\{`)
	requiredProviders = regexp.MustCompile(`(?m)^\s*required_providers\s*\{`)
	requiredVersion   = regexp.MustCompile(`(?m)^\s*required_version\s*=\s*"([^"]*)"`)
	ephemeralBlock    = regexp.MustCompile(`(?m)^\s*ephemeral\s+"`)
	gotoSource        = regexp.MustCompile(`(?m)^\s*source\s*=\s*"goto-community/goto"`)
	blockType         = regexp.MustCompile(`(?m)^\s*(?:resource|data|ephemeral|provider)\s+"([a-z0-9]+)`)
	httpVersion       = regexp.MustCompile(`(?s)\bhttp\s*=\s*\{[^}]*\bversion\s*=\s*"([^"]*)"`)
	devOverridePath   = regexp.MustCompile(`("goto-community/goto"\s*=\s*)"[^"]*"`)
)

// builtHTTPVersion is the hashicorp/http release scripts/install-http-provider.sh
// builds: the newest one the Go module proxy serves.
var builtHTTPVersion = version.Must(version.NewVersion("1.2.0"))

// TestE2ESnippets runs `validate` on every HCL block of README.md and the
// docs with the built providers. A complete configuration must declare
// required_providers with goto-community/goto and a required_version that
// admits what it uses (1.10 for ephemeral resources, 1.11 for write-only
// attributes); a fragment (only on resource, data source and function pages)
// is validated together with the provider example; a CLI configuration block
// becomes the CLI configuration of the provider example's validation.
func TestE2ESnippets(t *testing.T) {
	cli := requireCLI(t)
	bins := build(t)
	have := cliVersion(t, cli)
	providerExample, err := os.ReadFile(filepath.Join("..", "examples", "provider", "provider.tf"))
	if err != nil {
		t.Fatal(err)
	}
	all := snippets(t)
	if len(all) < 10 {
		t.Fatalf("found %d HCL blocks in README.md and docs/; the extraction is broken", len(all))
	}
	for _, s := range all {
		t.Run(s.String(), func(t *testing.T) {
			t.Parallel()
			files := map[string]string{"main.tf": s.src}
			overrides := map[string]string{"goto-community/goto": bins.providerDir, "hashicorp/http": bins.httpDir}
			var cliConfig string
			switch {
			case cliConfigBlock.MatchString(s.src):
				if !devOverridePath.MatchString(s.src) {
					t.Fatal("a CLI configuration block without a dev_overrides entry for goto-community/goto")
				}
				cliConfig = devOverridePath.ReplaceAllString(s.src, fmt.Sprintf("${1}%q", bins.providerDir))
				files = map[string]string{"main.tf": string(providerExample)}
			case requiredProviders.MatchString(s.src):
				checkRequirements(t, s.src)
			case mayBeFragment(s.file):
				files["provider.tf"] = string(providerExample)
			default:
				t.Fatal("declares no required_providers: a reader pasting it gets hashicorp/goto, which does not exist")
			}
			if others := unavailableProviders(s.src); len(others) > 0 {
				t.Skipf("uses %s, which cannot be installed offline; checked for its requirements only", strings.Join(others, ", "))
			}
			if need := httpVersion.FindStringSubmatch(s.src); need != nil {
				c, err := version.NewConstraint(need[1])
				if err != nil {
					t.Fatalf("hashicorp/http version %q: %v", need[1], err)
				}
				if !c.Check(builtHTTPVersion) {
					t.Skipf("needs hashicorp/http %s; the suite builds %s", need[1], builtHTTPVersion)
				}
			}
			if need := neededVersion(t, s.src+files["provider.tf"]); !need.Check(have) {
				t.Skipf("needs %s; %s is %s", need, filepath.Base(cli), have)
			}
			if writeOnlyArgument.MatchString(s.src) {
				skipBelowWriteOnly(t, cli)
			}
			dir := t.TempDir()
			for name, src := range files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			rc := filepath.Join(t.TempDir(), "cli.tfrc")
			if cliConfig != "" {
				err = os.WriteFile(rc, []byte(cliConfig), 0o600)
			} else {
				err = clitest.WriteCLIConfig(rc, overrides)
			}
			if err != nil {
				t.Fatal(err)
			}
			ws := &workspace{t: t, cli: cli, dir: dir, env: clitest.Env(rc, nil)}
			ws.run("validate", "-no-color")
		})
	}
}

// unavailableProviders lists the providers a configuration uses besides the
// ones the suite builds (goto, http) and Terraform's own (terraform_data).
func unavailableProviders(src string) []string {
	var others []string
	for _, m := range blockType.FindAllStringSubmatch(src, -1) {
		if p := m[1]; p != "goto" && p != "http" && p != "terraform" && !slices.Contains(others, p) {
			others = append(others, p)
		}
	}
	return others
}

// usesGoto reports whether a configuration uses the goto provider: a block of
// it, or one of its functions.
func usesGoto(src string) bool {
	for _, m := range blockType.FindAllStringSubmatch(src, -1) {
		if m[1] == "goto" {
			return true
		}
	}
	return strings.Contains(src, "provider::goto::")
}

// checkRequirements checks what a complete configuration declares: the goto
// provider's source when it uses the provider, and a required_version that keeps out the CLIs that
// lack the features it uses.
func checkRequirements(t *testing.T, src string) {
	t.Helper()
	if usesGoto(src) && !gotoSource.MatchString(src) {
		t.Error(`required_providers has no goto = { source = "goto-community/goto" }`)
	}
	m := requiredVersion.FindStringSubmatch(src)
	if m == nil {
		t.Fatal("declares no required_version: Terraform before 1.10 would answer with a generic error")
	}
	need, err := version.NewConstraint(m[1])
	if err != nil {
		t.Fatalf("required_version %q: %v", m[1], err)
	}
	for _, feature := range []struct {
		uses  bool
		below string
		what  string
	}{
		{true, "1.9.99", "the provider is tested from Terraform 1.10"},
		{ephemeralBlock.MatchString(src), "1.9.99", "ephemeral resources need Terraform 1.10"},
		{writeOnlyArgument.MatchString(src), "1.10.99", "write-only attributes need Terraform 1.11"},
	} {
		if feature.uses && need.Check(version.Must(version.NewVersion(feature.below))) {
			t.Errorf("required_version %q admits %s, but %s", m[1], feature.below, feature.what)
		}
	}
}

// neededVersion is the configuration's required_version, or any version.
func neededVersion(t *testing.T, src string) version.Constraints {
	t.Helper()
	c := ">= 0"
	if m := requiredVersion.FindStringSubmatch(src); m != nil {
		c = m[1]
	}
	need, err := version.NewConstraint(c)
	if err != nil {
		t.Fatalf("required_version %q: %v", c, err)
	}
	return need
}

// TestE2EReadmePlans pastes each complete configuration of README.md into an
// empty directory and plans it against the mock's demo tenant, with the
// GOTO_* variables a reader exports and the API's base URL pointed at the
// mock. The plan reads the data sources: it passes only when the exchanged
// token works.
func TestE2EReadmePlans(t *testing.T) {
	cli := requireCLI(t)
	bins := build(t)
	ran := 0
	for _, s := range snippets(t) {
		if s.file != "README.md" || !requiredProviders.MatchString(s.src) {
			continue
		}
		ran++
		t.Run(s.String(), func(t *testing.T) {
			mock := startMock(t, bins.mock, nil)
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(s.src), 0o600); err != nil {
				t.Fatal(err)
			}
			ws := newWorkspace(t, cli, dir, bins, map[string]string{
				"GOTO_CLIENT_ID":      mock.Demo["client_id"],
				"GOTO_CLIENT_SECRET":  mock.Demo["client_secret"],
				"GOTO_TOKEN_URL":      mock.Demo["token_url"],
				"GOTO_PAT":            mock.Demo["pat"],
				"GOTO_API_URL":        mock.URL,
				"TF_VAR_goto_api_url": mock.URL,
			})
			ws.run("plan", "-no-color")
			if n := mockStats(t, mock).Requests[mockgoto.GrantPAT]; n < 1 {
				t.Errorf("the plan made %d PAT exchanges, want at least 1", n)
			}
		})
	}
	if ran == 0 {
		t.Fatal("README.md has no complete configuration to plan")
	}
}
