# The two commands a newcomer needs: `make build` and `make test`.
GO ?= go
BIN := bin/emine

.PHONY: build test emine lint bench bench-search fuzz clean portable serve

build: emine
	$(BIN) build -src . -out public

portable: emine
	$(BIN) build -src . -out public-portable -portable

serve: emine
	$(BIN) serve -src .

emine:
	$(GO) build -o $(BIN) ./cmd/emine

test:
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	$(MAKE) --no-print-directory fuzz FUZZ_TIME=4000x

# Each fuzz target runs for FUZZ_TIME: 4,000 inputs in make test, 60 s here
# by default. make test counts inputs rather than seconds: with a time
# budget, Go 1.26's fuzzing coordinator can report "context deadline
# exceeded" when the time runs out on a busy machine (go.dev/issue/75804,
# fixed in Go 1.27), which would fail make test for no input at all.
FUZZ_TIME ?= 60s
fuzz:
	$(GO) test -run=- -fuzz=FuzzLoadEntry -fuzztime=$(FUZZ_TIME) ./internal/content
	$(GO) test -run=- -fuzz=FuzzRender -fuzztime=$(FUZZ_TIME) ./internal/markdown
	$(GO) test -run=- -fuzz=FuzzCheck -fuzztime=$(FUZZ_TIME) ./internal/link
	$(GO) test -run=- -fuzz=FuzzLocalName -fuzztime=$(FUZZ_TIME) ./internal/devserver
	$(GO) test -run=- -fuzz=FuzzTokens -fuzztime=$(FUZZ_TIME) ./internal/search
	$(GO) test -run=- -fuzz=FuzzPostings -fuzztime=$(FUZZ_TIME) ./internal/search
	$(GO) test -run=- -fuzz=FuzzCheckPaths -fuzztime=$(FUZZ_TIME) ./internal/build

bench:
	bash bench/bench.sh

# Search on 10,000 entries: first-query bytes and warm query times, emine's
# index beside Pagefind's on the same corpus (make bench writes both sites).
bench-search:
	@test -d bench/out/emine-10000/search || BENCH_SIZES=10000 BENCH_RUNS=1 bash bench/bench.sh
	EMINE_SEARCH_SITE=$(CURDIR)/bench/out/emine-10000 $(GO) test -run=- -bench=BenchmarkSearch -benchtime=3x ./internal/e2e
	@if [ -d bench/out/hugo-pagefind-10000/pagefind ]; then \
		EMINE_PAGEFIND_SITE=$(CURDIR)/bench/out/hugo-pagefind-10000 $(GO) test -run=- -bench=BenchmarkPagefind -benchtime=3x ./internal/e2e; \
	else echo "Pagefind: skipped (bench/out/hugo-pagefind-10000 is missing: run make bench)"; fi

lint:
	gofmt -l . | (! grep .)
	$(GO) vet ./...

clean:
	rm -rf bin public public-portable
