# Two entry points: `make demo` and `make test`. Both install what is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# make lock / make sbom only: uv and cyclonedx-bom, apart from the kiosk's packages.
TOOLS  := .venv-tools
TSTAMP := $(TOOLS)/.installed
LOCKPY := 3.11
COMPILE = $(TOOLS)/bin/uv pip compile --quiet --generate-hashes --python-version $(LOCKPY) \
          --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)

.PHONY: demo demo-pharmacy test test-moments sysdeps venv lint clean screenshots bench lock sbom dist

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

# The frozen kiosk, one folder: dist/ehc-kiosk/ehc-kiosk (docs/deployment.md).
dist: $(STAMP)
	@$(BIN)/pyinstaller --noconfirm --clean --log-level WARN kiosk.spec
	@echo "built dist/ehc-kiosk/"

sysdeps:
	@bash scripts/sysdeps.sh

venv: $(STAMP)

# Exactly the locked, hashed versions (requirements/dev.txt: runtime + dev + the build
# backend), then the project itself without resolving anything. Reinstalled whenever the
# lock or pyproject.toml changes.
$(STAMP): requirements/dev.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
	@$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

$(TSTAMP): requirements/tools.txt
	@test -x $(TOOLS)/bin/python || $(PYTHON) -m venv $(TOOLS)
	@$(TOOLS)/bin/python -m pip install --quiet --require-hashes -r requirements/tools.txt
	@touch $(TSTAMP)

# Re-resolve the locks after a change to pyproject.toml: pins already in the lock are kept
# unless UPGRADE=1 (make lock UPGRADE=1 moves everything to the newest allowed versions).
# Then: make test, and commit requirements/*.txt with the change. See docs/soup.md.
lock: $(TSTAMP)
	@$(COMPILE) pyproject.toml requirements/build.in --extra dev -o requirements/dev.txt
	@$(COMPILE) pyproject.toml requirements/build.in -c requirements/dev.txt -o requirements/runtime.txt
	@$(COMPILE) requirements/tools.in -o requirements/tools.txt
	@echo "locks written: requirements/{dev,runtime,tools}.txt"

# CycloneDX 1.6 SBOM of what a kiosk runs (the runtime lock, with hashes).
sbom: $(TSTAMP)
	@mkdir -p out
	@$(TOOLS)/bin/cyclonedx-py requirements --pyproject pyproject.toml --of JSON --sv 1.6 --output-reproducible \
	  -o out/sbom.cdx.json requirements/runtime.txt
	@echo "SBOM written: out/sbom.cdx.json"

lint: $(STAMP)
	@$(BIN)/ruff check .
	@$(BIN)/lint-imports

screenshots: sysdeps $(STAMP)
	@bash scripts/screenshots.sh

clean:
	rm -rf $(VENV) $(TOOLS) build *.egg-info .pytest_cache
