# retro: `make build` publishes the sample archive to public/; `make test` runs every test.
GO ?= go
BIN := bin/retro

.PHONY: build retro test tools bench bench-compare check clean

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

# The same generated archives built by retro and by a plain three-taxonomy
# Hugo site, side by side (Hugo is installed into .bench/bin the first time).
HUGO_VERSION := v0.165.0
HUGO := .bench/bin/hugo

bench-compare: $(HUGO)
	$(GO) run ./cmd/retro-bench -sizes 1000,10000 -hugo $(HUGO)

$(HUGO):
	GOBIN=$(CURDIR)/.bench/bin $(GO) install github.com/gohugoio/hugo@$(HUGO_VERSION)

clean:
	rm -rf public bin .bench
