package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os/exec"
	"runtime"

	"github.com/emine-dev/emine/internal/devserver"
	"github.com/emine-dev/emine/internal/memlimit"
)

// openBrowser opens url in the user's browser without waiting for it.
var openBrowser = func(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	src := fs.String("src", ".", "the site `folder`")
	addr := fs.String("addr", "127.0.0.1:1313", "the `address` to listen on; loopback unless you mean otherwise")
	drafts := fs.Bool("drafts", false, "show entries marked draft")
	open := fs.Bool("open", false, "open the site in your browser once it is built")
	if code := parse(fs, args, stdout, stderr, "emine serve [-src DIR] [-addr 127.0.0.1:1313] [-drafts] [-open]"); code >= 0 {
		return code
	}
	// The server keeps the site in memory between rebuilds: hold it to
	// the floor, or to a quarter as much again as it keeps, rather than let it
	// double (GOGC or GOMEMLIMIT, when set, take precedence).
	defer memlimit.Govern(devserver.MemoryFloor, devserver.MemoryGrowth)()
	s, err := devserver.New(devserver.Config{Src: *src, Addr: *addr, Drafts: *drafts, Log: stdout})
	if err != nil {
		fmt.Fprintf(stderr, "emine serve: %v\n", err)
		return exitFail
	}
	host, port, _ := net.SplitHostPort(s.Addr())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	url := "http://" + net.JoinHostPort(host, port) + "/"
	if s.OnAllInterfaces() {
		fmt.Fprintf(stderr, "warning: listening on all interfaces (%s): anyone on your network can see this preview\n", s.Addr())
	}
	fmt.Fprintf(stdout, "serving %s at %s (loopback only unless -addr says otherwise); Ctrl-C stops\n", *src, url)
	if *open {
		if err := openBrowser(url); err != nil {
			fmt.Fprintf(stderr, "emine serve: could not open a browser (%v); open %s yourself\n", err, url)
		}
	}
	if err := s.Serve(ctx); err != nil {
		fmt.Fprintf(stderr, "emine serve: %v\n", err)
		return exitFail
	}
	fmt.Fprintln(stdout, "stopped")
	return exitOK
}
