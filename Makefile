# The two commands a newcomer needs: `make build` and `make test`.
GO ?= go
BIN := bin/emine

.PHONY: build test emine lint bench fuzz clean portable serve

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

bench:
	bash bench/bench.sh

lint:
	gofmt -l . | (! grep .)
	$(GO) vet ./...

clean:
	rm -rf bin public public-portable
