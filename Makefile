# The two commands of the README:
#   make run    sets up and starts the app on http://127.0.0.1:8000
#   make test   sets up and runs every check: ruff, mypy (strict on assistant/), pytest incl. browser tests
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-web setup setup-dev browser lint typecheck pytest screenshot vectors clean \
	reliability

run: setup
	$(BIN)/cxcoach serve

test: setup-dev browser lint typecheck pytest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Runtime install: the default dependencies only (no torch, no llama.cpp).
setup: $(VENV)/.runtime
$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

# Test install: dev tools, and the sentence-transformers extra (torch==2.13.0 CPU build) so the
# second embedding backend is tested for real.
setup-dev: $(VENV)/.dev
$(VENV)/.dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev,sentence-transformers]'
	touch $(VENV)/.runtime $@

# Debian's Chromium for the Playwright browser tests (Playwright cannot download a browser here).
browser:
	@{ command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi wqy; } || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; }

lint:
	$(BIN)/ruff check assistant web tests knowledge prompts
	$(BIN)/ruff format --check assistant web tests

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest -q

# The web app alone: route tests and the real-browser tests (screenshots in artifacts/web/).
test-web: setup-dev browser
	$(BIN)/pytest -q tests/web

# The reliability suite against a real `cxcoach serve` (~10 min): the hostile corpus through the
# CLI, API and pages, cross-workspace reads over every route, 50 concurrent interviews for 60 s,
# kill -9 during turns and ingests. Prints its table; fails when a count is not zero. Its quick
# subset (tests/reliability/test_quick.py) runs with `make test`.
reliability: setup-dev
	$(BIN)/python -m tests.reliability.suite

# The e5 vectors of the knowledge corpus, shipped so a first start does not embed it (rerun after
# editing knowledge/; tests/retrieval/test_shipped_vectors.py says when).
vectors: setup
	$(BIN)/python -m assistant.retrieval.shipped_vectors

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache artifacts

# The README's picture: an example map exported by cxcoach itself, rendered by headless Chromium.
CHROMIUM_FLAGS := --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync --hide-scrollbars
screenshot: setup browser
	$(BIN)/cxcoach export example:bank-loan.zh-Hans -f html -o /tmp/cxcoach-example.html
	chromium $(CHROMIUM_FLAGS) --user-data-dir=$$(mktemp -d) --window-size=1400,2600 \
	  --screenshot=docs/exported-map.png file:///tmp/cxcoach-example.html
