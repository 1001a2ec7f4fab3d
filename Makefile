# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv demo test lint typecheck eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	rm -f out/demo.sqlite
	mkdir -p out
	$(BIN)/tidings --db out/demo.sqlite ingest examples/corpus/
	$(BIN)/tidings --db out/demo.sqlite timeline China Belarus
	@echo
	@echo "Web page: $(BIN)/tidings --db out/demo.sqlite serve   (then open http://127.0.0.1:8765/)"

test: $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

eval: $(STAMP)
	$(BIN)/python benchmarks/quality.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
