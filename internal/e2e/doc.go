// Package e2e holds the end-to-end tests that drive the built site in a real
// headless Chromium (Debian's chromium, which .ci/run installs) with
// chromedp: search as a reader uses it, over HTTP and from file://.
package e2e
