# Thin wrappers; the real work is in deploy/local/ and the packages' own tooling.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PACKAGES := -e libs/chassis -e services/registry -e services/newsroom -e services/ppid -e gateway
STAMP := $(VENV)/.installed
# Every install takes the versions pinned here (make lock refreshes it from the pyproject files).
LOCK := constraints.txt

.PHONY: run test test-ppid test-registry test-newsroom test-gateway test-chassis lint format bench install clean lock

# Debian splits venv out of Python: install python3-venv when it is missing (as root or with sudo), else say how.
$(BIN)/python:
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
	  pkg=python3-venv; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else \
	    echo "[suite] Python's venv is missing: run 'sudo apt-get install -y $$pkg', then make again"; exit 2; fi; \
	  echo "[suite] installing Debian's $$pkg"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$pkg; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python libs/chassis/pyproject.toml services/*/pyproject.toml gateway/pyproject.toml requirements-dev.txt $(LOCK)
	$(BIN)/pip install --quiet --config-settings editable_mode=compat -c $(LOCK) $(PACKAGES) -r requirements-dev.txt
	touch $(STAMP)

# Pin every direct and indirect dependency (uv resolves; plain pip installs with -c). Our own packages are
# resolved from their folders and left out of the pins.
OWN := suite-chassis suite-registry suite-newsroom suite-ppid suite-gateway
lock: $(BIN)/python
	$(BIN)/pip install --quiet uv
	printf '%s\n' '-e libs/chassis' '-e services/registry' '-e services/newsroom' '-e services/ppid' \
	  '-e gateway' '-r requirements-dev.txt' > lock.in.tmp
	$(BIN)/uv pip compile --quiet --python-version 3.11 --no-header --no-annotate \
	  $(foreach p,$(OWN),--no-emit-package $(p)) --output-file $(LOCK) lock.in.tmp; rm -f lock.in.tmp

install: $(STAMP)

# Debian's Chromium for the browser tests (Playwright drives it with executable_path).
CHROMIUM ?= /usr/bin/chromium
$(CHROMIUM):
	@echo "Installing Debian's chromium for the browser tests"
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium

run: install
	$(BIN)/python deploy/local/run.py

# Lint first, then every test; PostgreSQL, RabbitMQ and Redis are found, or installed and started (deploy/local/test.py).
test: install $(CHROMIUM)
	$(BIN)/python deploy/local/test.py $(ARGS)

# One service's own tests, for the team that releases it alone (the same servers; lint of the whole tree first).
test-ppid test-registry test-newsroom: install $(CHROMIUM)
	$(BIN)/python deploy/local/test.py services/$(@:test-%=%)/tests $(ARGS)
test-gateway test-chassis: install
	$(BIN)/python deploy/local/test.py $(if $(filter test-gateway,$@),gateway/tests,libs/chassis/tests) $(ARGS)

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
	$(BIN)/python bench/events.py
	$(BIN)/python bench/memory.py

clean:
	rm -rf $(VENV) var
