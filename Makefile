# LimitLens — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test test-fast lint fmt browser personas bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "LimitLens needs Python 3.11 or newer"' \
		|| { echo "Python 3.11+ is required (found: $$($(PYTHON) --version 2>&1)). Set PYTHON=python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Stamps so pip runs again only when a requirements file changes: with the venv installed,
# `make run` starts at once. A first install takes minutes, so pip shows its progress.
$(VENV)/.runtime: requirements.txt | $(BIN)/python
	@echo "Installing requirements.txt into $(VENV) (skipped next time until that file changes)"
	$(BIN)/pip install --disable-pip-version-check --progress-bar on -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	@echo "Installing requirements-dev.txt into $(VENV) (skipped next time until it changes)"
	$(BIN)/pip install --disable-pip-version-check --progress-bar on -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	@echo "LimitLens is starting on http://localhost:$(PORT)"
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true

# Debian's Chromium + CJK fonts for the browser tests (never a downloaded browser).
# (+ poppler-utils: the printed report's PDF is turned into PNGs with pdftoppm)
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 \
		&& fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		echo "chromium, fonts-noto-cjk and poppler-utils: present"; \
	elif [ "$$(id -u)" = "0" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null; \
	else \
		echo "The browser tests need Debian's chromium, fonts-noto-cjk and poppler-utils. Run: sudo apt-get install -y chromium fonts-noto-cjk poppler-utils"; \
		exit 1; \
	fi

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: $(VENV)/.dev browser lint
	$(BIN)/python -m pytest -q

# The edit-test loop: unit + AppTests, each Hypothesis property at a tenth of its examples
# (tests/budget.py), a file per worker on every core, no browser, no lint. `make test` (CI)
# stays the complete run.
test-fast: $(VENV)/.dev
	$(BIN)/python -m pytest -q tests/unit tests/app --hypothesis-profile=fast -n auto --dist loadfile

personas: $(VENV)/.runtime
	$(BIN)/python scripts/make_personas.py

# Every figure beside its floor, the JSON object last; fails only on a gross regression (3x a
# budget), never in `make test`. A development tool (scripts/bench/), not part of the installed
# package. Browser figures need `make browser` and requirements-dev.
bench: $(VENV)/.runtime
	$(BIN)/python -m scripts.bench --json --check

clean:
	rm -rf $(VENV) artifacts .pytest_cache .ruff_cache .hypothesis
