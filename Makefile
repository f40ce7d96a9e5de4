# policykb: `make run` installs, fetches the texts if the corpus folder is empty, builds the index
# if missing or stale, and starts the app;
# `make test` installs and runs the tests. Both use the virtual environment in .venv/.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
POLICYKB_CORPUS ?= corpus
POLICYKB_INDEX ?= index
export POLICYKB_CORPUS POLICYKB_INDEX

.PHONY: install install-test ensure-corpus index run test lint bench docs clean

# Two installs, each with its own stamp, so `make test` after `make run` adds only what is missing.
# install: what `make run` needs (fetch, build, search, the app); no torch, no test or browser packages.
# install-test: everything the tests need, torch included.
install: $(VENV)/.installed-run
install-test: $(VENV)/.installed-test

$(VENV)/.created:
	@command -v antiword >/dev/null || { command -v apt-get >/dev/null && [ "$$(id -u)" -eq 0 ] && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq antiword >/dev/null; } || \
	  echo "note: antiword is not installed, so old Word (.doc) files will be skipped (sudo apt-get install antiword)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.installed-run: pyproject.toml $(VENV)/.created
	$(BIN)/python -m pip install --quiet -e '.[app]'
	touch $@

# torch's CPU build first: a plain `torch` requirement would pull a multi-GB CUDA build. On this
# machine the package index serves the CPU build; elsewhere use the PyTorch CPU wheel index, e.g.
# make test TORCH_INDEX=https://download.pytorch.org/whl/cpu
TORCH ?= torch==2.13.0
TORCH_INDEX ?=
$(VENV)/.installed-test: pyproject.toml $(VENV)/.created
	$(BIN)/python -m pip install --quiet $(TORCH) $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(BIN)/python -m pip install --quiet -e '.[all,dev]'
	touch $@

index: install
	$(BIN)/policykb build --index $(POLICYKB_INDEX)   # corpus from $$POLICYKB_CORPUS (folders separated by :)

# Downloads the official texts named in corpus/sources.toml (the cyber, data and AI focus set),
# only when the corpus folder(s) hold no documents; fails, pointing to POLICYKB_CORPUS, if nothing
# could be fetched. The national collection is fetched on request (the hint it prints).
ensure-corpus: install
	$(BIN)/policykb fetch --if-empty
	@echo "hint: to add every national law, regulation and judicial interpretation from flk.npc.gov.cn (~1,500, over an hour; see docs/corpus.md): $(BIN)/policykb fetch --collection national --corpus $(firstword $(subst :, ,$(POLICYKB_CORPUS)))/national, then make run again"

run: ensure-corpus
	$(MAKE) --no-print-directory index
	$(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.headless true

test: install-test
	$(BIN)/python -m pytest -q

lint: install-test
	$(BIN)/ruff check src tests benchmarks scripts app.py

bench: install   # run_all.py needs only the library
	$(BIN)/python benchmarks/run_all.py

# Regenerate the pages in docs/ that are made from the code (cli.md, json.md, benchmarks.md).
docs: install-test
	$(BIN)/python scripts/gen_docs.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
