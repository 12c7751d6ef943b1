package main

import (
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

// When the harness's dev_overrides directory holds this program under the
// provider's name, terraform starts it in place of the provider. It runs the
// real provider as its child with the same arguments, environment and
// standard streams (the plugin handshake is the child's first stdout line),
// and on exit appends the child's peak RSS and CPU time to a log.
const (
	envProviderBinary = "BENCH_PROVIDER_BINARY"
	envProviderLog    = "BENCH_PROVIDER_LOG"
)

// providerRun is one provider process, as the wrapper logs it.
type providerRun struct {
	maxRSSKiB int64
	cpu       time.Duration // the provider's user and system time
	wrapper   time.Duration // the wrapper's own, which terraform's total includes
}

func (p providerRun) String() string {
	return fmt.Sprintf("%d %d %d", p.maxRSSKiB, p.cpu.Microseconds(), p.wrapper.Microseconds())
}

func parseProviderRun(line string) (providerRun, error) {
	var p providerRun
	var cpu, wrapper int64
	if _, err := fmt.Sscanf(line, "%d %d %d", &p.maxRSSKiB, &cpu, &wrapper); err != nil {
		return p, fmt.Errorf("provider log line %q: %w", line, err)
	}
	p.cpu, p.wrapper = time.Duration(cpu)*time.Microsecond, time.Duration(wrapper)*time.Microsecond
	return p, nil
}

func wrapProvider(binary string) int {
	cmd := exec.Command(binary, os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = os.Environ()
	// terraform stops plugins over RPC; an interrupt sent to the whole
	// process group reaches the provider itself, and a SIGTERM meant for
	// the provider is passed on.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "bench provider wrapper:", err)
		return 1
	}
	go func() {
		for s := range signals {
			if s == syscall.SIGTERM {
				_ = cmd.Process.Signal(s)
			}
		}
	}()
	_ = cmd.Wait()
	if err := logProviderRun(cmd.ProcessState); err != nil {
		fmt.Fprintln(os.Stderr, "bench provider wrapper:", err)
	}
	if code := cmd.ProcessState.ExitCode(); code >= 0 {
		return code
	}
	return 1
}

func logProviderRun(ps *os.ProcessState) error {
	path := os.Getenv(envProviderLog)
	if path == "" {
		return nil
	}
	child, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return fmt.Errorf("no resource usage for the provider on this platform")
	}
	var self syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &self); err != nil {
		return err
	}
	run := providerRun{maxRSSKiB: child.Maxrss, cpu: cpuTime(child), wrapper: cpuTime(&self)}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	// One short write per process, so concurrent providers do not interleave.
	_, werr := f.WriteString(run.String() + "\n")
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	return werr
}

// cpuTime is user plus system time. Maxrss is in KiB on Linux.
func cpuTime(r *syscall.Rusage) time.Duration {
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}
