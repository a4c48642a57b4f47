# Parley: `make serve` and `make test` work on a fresh Debian 12 machine with Swift installed.
# They install what is missing (Debian packages with apt-get, Python test tools into .venv) and build.

SHELL := /bin/bash
PORT ?= 8065
HOST ?= 0.0.0.0
DATA ?= ./data
VENV := .venv
PY := $(VENV)/bin/python
# redis-server: the load tool's smoke test runs its peer.
APT_PACKAGES := liburing-dev libssl-dev curl openssl redis-server
APT_BENCH_PACKAGES := wrk nginx-light redis-server nats-server
SWIFT_BUILD_FLAGS ?=

.PHONY: serve test test-long build release deps apt-deps py-deps unit-tests integration-tests load-tool fuzz bench clean

serve: apt-deps release
	@echo "Parley at http://localhost:$(PORT) (data in $(DATA))"
	./.build/release/parley serve --host $(HOST) --port $(PORT) --data-dir $(DATA)

test: deps build unit-tests integration-tests

# The same suites with PARLEY_LONG_TESTS=1: more seeds in the unit tests, 1,000 SIGKILL cycles in the crash test
# (Tests/integration/test_durability_crash.py). Meant for nightly runs.
test-long: export PARLEY_LONG_TESTS = 1
test-long: deps build unit-tests integration-tests

deps: apt-deps py-deps

# Installs only the Debian packages that are missing (root, or sudo when available).
apt-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(PY): Tests/integration/requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r Tests/integration/requirements.txt
	touch $(PY)

py-deps: $(PY)

build: apt-deps
	swift build $(SWIFT_BUILD_FLAGS)

release: apt-deps
	swift build -c release $(SWIFT_BUILD_FLAGS)

unit-tests: build
	swift test $(SWIFT_BUILD_FLAGS)
	cd Benchmarks && swift test $(SWIFT_BUILD_FLAGS)

# The load tool (Benchmarks/, its own package): built for the smoke test, its unit tests run here too.
load-tool: apt-deps
	cd Benchmarks && swift build --product parley-load $(SWIFT_BUILD_FLAGS)

# The integration tests start the debug binary (`parley serve --port 0`) and talk to it with real clients,
# once per driver; the smoke test runs every parley-load scenario at a tiny size against it.
integration-tests: build py-deps load-tool
	PARLEY_BIN=$$(swift build $(SWIFT_BUILD_FLAGS) --show-bin-path)/parley \
	PARLEY_LOAD_BIN=$$(cd Benchmarks && swift build $(SWIFT_BUILD_FLAGS) --show-bin-path)/parley-load \
	$(PY) -m pytest -q Tests/integration

# libFuzzer targets for the HTTP and WebSocket parsers, FUZZ_SECONDS each (seed inputs in Fuzz/corpus/).
FUZZ_SECONDS ?= 60
fuzz: apt-deps
	bash Fuzz/build.sh http
	bash Fuzz/build.sh ws
	mkdir -p .build-fuzz/http-corpus .build-fuzz/ws-corpus
	.build-fuzz/http-fuzz -max_total_time=$(FUZZ_SECONDS) .build-fuzz/http-corpus Fuzz/corpus/http
	.build-fuzz/ws-fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=4096 .build-fuzz/ws-corpus

bench: release
	@for p in $(APT_BENCH_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get install -y -qq $$p >/dev/null; }; done
	bash Benchmarks/run.sh

clean:
	rm -rf .build $(VENV)
