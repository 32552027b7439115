# retro: `make build` publishes the sample archive to public/; `make test` runs every test.
GO ?= go
BIN := bin/retro

.PHONY: build retro test tools bench check clean

build: retro
	./$(BIN) build --source . --dest public

retro:
	$(GO) build -o $(BIN) ./cmd/retro

check: retro
	./$(BIN) check --source .

# The browser and HTML-checker tests need node_modules (vnu-jar, axe-core)
# and Debian's chromium; .ci/run installs what a fresh machine lacks.
tools: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

test: tools
	$(GO) vet ./...
	$(GO) test ./...

bench:
	$(GO) run ./cmd/retro-bench -sizes 1000,10000

clean:
	rm -rf public bin .bench
