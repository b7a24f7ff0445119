# Two entry points: `make demo` and `make test`. Both install what is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo demo-pharmacy test test-moments sysdeps venv lint clean screenshots bench

demo: sysdeps $(STAMP)
	@bash scripts/demo.sh

# The same program in its pharmacy counter role (staff 1001 / demo-1001).
demo-pharmacy: sysdeps $(STAMP)
	@DEMO_CONFIG=config/demo-pharmacy.toml bash scripts/demo.sh

test: sysdeps $(STAMP)
	@bash scripts/test.sh

# The whole suite at four other moments under three machine time zones (docs/testing.md).
test-moments: sysdeps $(STAMP)
	@bash scripts/test-moments.sh

sysdeps:
	@bash scripts/sysdeps.sh

venv: $(STAMP)

# Reinstalled whenever the dependency list changes.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

lint: $(STAMP)
	@$(BIN)/ruff check .
	@$(BIN)/lint-imports

screenshots: sysdeps $(STAMP)
	@bash scripts/screenshots.sh

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
