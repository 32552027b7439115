# retro: `make build` publishes the sample archive to public/; `make test` runs every test.
GO ?= go
BIN := bin/retro

.PHONY: build retro test tools fuzz bench bench-compare check clean

build: retro
	./$(BIN) build --source . --dest public

retro:
	$(GO) build -o $(BIN) ./cmd/retro

check: retro
	./$(BIN) check --source .

# The browser and HTML-checker tests need node_modules (vnu-jar, axe-core)
# and Debian's chromium; .ci/run installs what a fresh machine lacks.
# Without npm the tests that need these tools skip, saying how to get them
# (under CI=true they fail instead: CI installs everything).
tools:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory node_modules/.package-lock.json; \
	else echo "npm not found: tests that need vnu-jar or axe-core will be skipped"; fi

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

test: tools
	$(GO) mod tidy -diff
	$(GO) vet ./...
	$(GO) test ./...

# Each fuzz target for FUZZTIME (CI runs this after make test). Seeds live
# in each package's testdata/fuzz; a failure writes its input there too.
FUZZTIME ?= 20s
FUZZ_TARGETS := ./internal/source:FuzzReadDocument ./internal/retro:FuzzDecode \
	./internal/retro:FuzzParseInstant ./internal/markdown:FuzzRender ./internal/markdown:FuzzRetroLinks ./internal/markdown:FuzzPlainText \
	./internal/search:FuzzQuery ./internal/search/browserindex:FuzzOpen ./internal/search/browserindex:FuzzDecodeVarints

fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; echo "==> $$fn ($$pkg, $(FUZZTIME))"; \
		$(GO) test $$pkg -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) -parallel 2 > .fuzz.log 2>&1; rc=$$?; \
		grep -E '^fuzz: elapsed' .fuzz.log | tail -n 1; \
		if [ $$rc -ne 0 ] && grep -q 'context deadline exceeded' .fuzz.log && ! grep -q 'Failing input written' .fuzz.log; then \
			echo "(go's fuzzer ran out of FUZZTIME while minimizing a new, passing input: not a failure)"; rc=0; fi; \
		if [ $$rc -ne 0 ]; then cat .fuzz.log; rm -f .fuzz.log; exit $$rc; fi; \
	done; rm -f .fuzz.log

# 100,000 runs when the machine's free memory and disk fit what 1,000 and
# 10,000 project for it; otherwise the table says why it was skipped.
# retro serve's edit-to-reload latency is measured at 1,000 and 10,000.
bench:
	$(GO) run ./cmd/retro-bench -sizes 1000,10000,100000 -preview 10000

# The same generated archives built by retro and by a plain three-taxonomy
# Hugo site, side by side (Hugo is installed into .bench/bin the first time).
HUGO_VERSION := v0.165.0
HUGO := .bench/bin/hugo

bench-compare: $(HUGO)
	$(GO) run ./cmd/retro-bench -sizes 1000,10000 -hugo $(HUGO) -edits 0

$(HUGO):
	GOBIN=$(CURDIR)/.bench/bin $(GO) install github.com/gohugoio/hugo@$(HUGO_VERSION)

clean:
	rm -rf public bin .bench
