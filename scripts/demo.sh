#!/usr/bin/env bash
# Runs examples/demo against a local mock GoTo server: builds the provider,
# the mock server and the hashicorp/http provider, starts the mock, runs plan
# and apply in a temporary directory (the repository gets no state), prints
# who the exchanged token acts for and what GoTo answered, and stops the mock
# server however it ends. It says in a line what each step does; the build
# output goes to a log file, named when a step fails.
#
# The CLI is $TERRAFORM, else terraform, else tofu, else OpenTofu built from
# its Go module (scripts/install-tofu.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d "${TMPDIR:-/tmp}/goto-demo.XXXXXX")
log=$(mktemp "${TMPDIR:-/tmp}/goto-demo-build.XXXXXX.log")
mock_pid=""
cleanup() {
  status=$?
  if [ -n "$mock_pid" ]; then
    kill "$mock_pid" 2>/dev/null || true
    wait "$mock_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
  [ "$status" -ne 0 ] || rm -f "$log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '==> %s\n' "$*"; }

# quiet runs a build step with its output in the log; on failure it shows the
# end of the log and keeps the file.
quiet() {
  if ! "$@" >>"$log" 2>&1; then
    echo "$* failed; its output is in $log:" >&2
    tail -n 20 "$log" >&2
    return 1
  fi
}

# run_cli runs one CLI command quietly; on failure it shows the command's
# output, which the CLI keeps free of sensitive values.
run_cli() {
  if ! "$cli" -chdir="$work/demo" "$@" -no-color >"$work/cli.log" 2>&1; then
    echo "$(basename "$cli") $1 failed:" >&2
    cat "$work/cli.log" >&2
    return 1
  fi
}

cli="${TERRAFORM:-$(command -v terraform || command -v tofu || true)}"
if [ -z "$cli" ]; then
  step "Building OpenTofu from its Go module (once, several minutes)"
  cli=$(scripts/install-tofu.sh 2>>"$log") || { echo "building OpenTofu failed; see $log" >&2; exit 1; }
fi

step "Building the provider and the mock GoTo server"
mkdir -p "$work/bin"
quiet go build -o "$work/bin/terraform-provider-goto" .
quiet go build -o "$work/goto-mock-server" ./cmd/goto-mock-server
if ! http_dir=$(scripts/install-http-provider.sh --cached); then
  step "Building the hashicorp/http provider (once, about a minute)"
  http_dir=$(scripts/install-http-provider.sh 2>>"$log") ||
    { echo "building hashicorp/http failed; its output is in $log" >&2; tail -n 20 "$log" >&2; exit 1; }
fi

step "Starting the mock GoTo server"
"$work/goto-mock-server" >"$work/mock.out" 2>"$work/mock.err" &
mock_pid=$!
# The demo credentials are printed at once, ending with authorize_url.
for _ in $(seq 100); do
  grep -q '^authorize_url=' "$work/mock.out" 2>/dev/null && break
  kill -0 "$mock_pid" 2>/dev/null || { cat "$work/mock.err" >&2; exit 1; }
  sleep 0.1
done
grep -q '^authorize_url=' "$work/mock.out" || { echo "the mock server printed no credentials" >&2; exit 1; }
value() { sed -n "s/^$1=//p" "$work/mock.out"; }
base_url=$(head -n 1 "$work/mock.out")
echo "    listening on $base_url"

# What an infra repository's CI would export, taken from the mock's output.
export GOTO_CLIENT_ID GOTO_CLIENT_SECRET GOTO_TOKEN_URL GOTO_PAT
GOTO_CLIENT_ID=$(value client_id)
GOTO_CLIENT_SECRET=$(value client_secret)
GOTO_TOKEN_URL=$(value token_url)
GOTO_PAT=$(value pat)
export TF_VAR_goto_api_url="$base_url"
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1

# dev_overrides use the binaries just built; no `init` is needed for them.
export TF_CLI_CONFIG_FILE="$work/cli.tfrc"
cat >"$TF_CLI_CONFIG_FILE" <<EOF
provider_installation {
  dev_overrides {
    "goto-community/goto" = "$work/bin"
    "hashicorp/http"      = "$http_dir"
  }
  direct {}
}
EOF
mkdir -p "$work/demo"
cp examples/demo/*.tf "$work/demo/"

step "$(basename "$cli") plan"
run_cli plan
step "$(basename "$cli") apply"
run_cli apply -auto-approve

result=$("$cli" -chdir="$work/demo" output -no-color)
# The outputs are chosen to hold no secret; make sure of it.
if grep -qF -e "$GOTO_CLIENT_SECRET" -e "$GOTO_PAT" <<<"$result" || grep -qE 'eyJ[A-Za-z0-9_-]+\.' <<<"$result"; then
  echo "the demo's outputs hold a secret" >&2
  exit 1
fi
step "Result"
echo "$result"
