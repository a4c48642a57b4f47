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
# The browser tests: Debian's Chromium and its WebDriver (Selenium downloads nothing), and CJK fonts so that
# screenshots of the Chinese, Japanese and Korean catalogues show text rather than boxes.
APT_WEB_PACKAGES := chromium chromium-driver fonts-noto-cjk fonts-noto-color-emoji nodejs
SWIFT_BUILD_FLAGS ?=

.PHONY: serve test test-long build release deps apt-deps web-apt-deps py-deps unit-tests integration-tests web-tests \
	load-tool fuzz bench bench-long bench-deps clean

serve: apt-deps release
	@echo "Parley at http://localhost:$(PORT) (data in $(DATA))"
	./.build/release/parley serve --host $(HOST) --port $(PORT) --data-dir $(DATA)

test: deps build unit-tests integration-tests web-tests

# The same suites with PARLEY_LONG_TESTS=1: more seeds in the unit tests, 1,000 SIGKILL cycles in the crash test
# (Tests/integration/test_durability_crash.py). Meant for nightly runs.
test-long: export PARLEY_LONG_TESTS = 1
test-long: deps build unit-tests integration-tests web-tests

deps: apt-deps py-deps

# Installs only the Debian packages of the list $(1) that are missing (root, or sudo when available).
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

apt-deps:
	$(call apt_install,$(APT_PACKAGES))

web-apt-deps:
	$(call apt_install,$(APT_WEB_PACKAGES))

$(PY): Tests/integration/requirements.txt Tests/browser/requirements.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r Tests/integration/requirements.txt -r Tests/browser/requirements.txt
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

# The web client: the HTML-injection lint and the message catalogues (Tests/web, no server), then headless Chromium
# against the debug binary (Tests/browser; screenshots land in Tests/browser/output/).
web-tests: build py-deps web-apt-deps
	node --test --test-reporter=dot Tests/web/unit/
	PARLEY_BIN=$$(swift build $(SWIFT_BUILD_FLAGS) --show-bin-path)/parley \
	$(PY) -m pytest -q Tests/web Tests/browser

# libFuzzer targets for the HTTP and WebSocket parsers, FUZZ_SECONDS each (seed inputs in Fuzz/corpus/).
FUZZ_SECONDS ?= 60
fuzz: apt-deps
	bash Fuzz/build.sh http
	bash Fuzz/build.sh ws
	mkdir -p .build-fuzz/http-corpus .build-fuzz/ws-corpus
	.build-fuzz/http-fuzz -max_total_time=$(FUZZ_SECONDS) .build-fuzz/http-corpus Fuzz/corpus/http
	.build-fuzz/ws-fuzz -max_total_time=$(FUZZ_SECONDS) -max_len=4096 .build-fuzz/ws-corpus

# `make bench`: every benchmark at sizes that fit in about 15 minutes on this 2-core machine (wrk 5 s a run, one fan-out
# round, idle at N=10,000 without the connect storms, the Mattermost ramp to 5,000 users), into
# Benchmarks/results/<UTC date>/ with the PNGs. Each knob can be set on the command line (make bench FANOUT_ROUNDS=3)
# or in the environment; BENCH_ONLY picks steps ("http parser ws posts fanout idle mattermost").
BENCH_DATE ?= $(shell date -u +%Y-%m-%d)
BENCH_RESULTS ?= $(CURDIR)/Benchmarks/results/$(BENCH_DATE)
BENCH_SECONDS ?= 5
FANOUT_ROUNDS ?= 1
IDLE_ONLY ?= idle
MM_USERS_START ?= 500
MM_USERS_STEP ?= 500
MM_USERS_MAX ?= 5000
BENCH_ENV = BENCH_RESULTS=$(BENCH_RESULTS) BENCH_SECONDS=$(BENCH_SECONDS) FANOUT_ROUNDS=$(FANOUT_ROUNDS) \
	IDLE_ONLY="$(IDLE_ONLY)" MM_USERS_START=$(MM_USERS_START) MM_USERS_STEP=$(MM_USERS_STEP) MM_USERS_MAX=$(MM_USERS_MAX)

bench-deps: release
	@for p in $(APT_BENCH_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get install -y -qq $$p >/dev/null; }; done

bench: bench-deps
	$(BENCH_ENV) bash Benchmarks/run.sh

# `make bench-long`: the Mattermost ramp to 19,000 users (one WebSocket each: 19,000 sockets, REST connections
# and the tool's own files within parley-load's 19,900 descriptors), 1,000 more every 30 s at speed-up 2 (so the
# 19,000 send the requests of 38,000 real-time users), into Benchmarks/results/<UTC date>/ mattermost-long.json and
# mattermost-long-ramp.png. About 15 minutes.
LONG_USERS_START ?= 1000
LONG_USERS_STEP ?= 1000
LONG_USERS_MAX ?= 19000
LONG_STEP_SECONDS ?= 30
LONG_SPEEDUP ?= 2

bench-long: bench-deps
	BENCH_ONLY=mattermost BENCH_RESULTS=$(BENCH_RESULTS) MM_OUTPUT=mattermost-long.json MM_TIMEOUT_SECONDS=3600 \
	MM_USERS_START=$(LONG_USERS_START) MM_USERS_STEP=$(LONG_USERS_STEP) MM_USERS_MAX=$(LONG_USERS_MAX) \
	MM_STEP_SECONDS=$(LONG_STEP_SECONDS) MM_SPEEDUP=$(LONG_SPEEDUP) bash Benchmarks/run.sh

clean:
	rm -rf .build $(VENV)
