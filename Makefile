# Thin wrappers; the real work is in deploy/local/ and the packages' own tooling.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PACKAGES := -e libs/chassis -e services/registry -e services/newsroom -e services/ppid -e gateway
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python libs/chassis/pyproject.toml services/*/pyproject.toml gateway/pyproject.toml requirements-dev.txt
	$(BIN)/pip install --quiet --config-settings editable_mode=compat $(PACKAGES) -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the browser tests (Playwright drives it with executable_path).
CHROMIUM ?= /usr/bin/chromium
$(CHROMIUM):
	@echo "Installing Debian's chromium for the browser tests"
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium

run: install
	$(BIN)/python deploy/local/run.py

test: install $(CHROMIUM)
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python bench/gateway.py
	$(BIN)/python bench/ppid.py
	$(BIN)/python bench/registry.py
	$(BIN)/python bench/newsroom.py

clean:
	rm -rf $(VENV) var
