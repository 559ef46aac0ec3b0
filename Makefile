# The two commands a new user needs: `make portal` and `make test`.
# Everything else here is what MkDocs users expect: build, serve, clean.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
# The government documents to import (committed in sources/);
# `make portal SEEDS=path/to/folder` imports others.
SEEDS  ?= sources
# Translation packages to install first (.argosmodel files or unpacked
# folders): make portal MODELS="translate-vi_en.argosmodel translate-en_zh.argosmodel"
MODELS ?=
# One language only for `make serve` previews: make serve LOCALE=en
LOCALE ?=
export NO_MKDOCS_2_WARNING := 1

.PHONY: portal venv site-deps libretranslate-venv build serve test test-deps clean review

# Set up, import, translate where models exist, build site/.
portal: venv site-deps
	@if ls $(SEEDS)/*.txt $(SEEDS)/*.docx $(SEEDS)/*.pdf 2>/dev/null | grep -q .; then \
	  $(BIN)/portal import --skip-edited $(SEEDS); \
	else echo "portal: no documents to import in $(SEEDS)"; fi
	@for package in $(MODELS); do $(BIN)/portal models install --from "$$package" || exit 1; done
	$(BIN)/portal translate
	$(BIN)/portal glossary page
	$(BIN)/portal build
	@echo
	@echo "The portal is built in site/: the source language at /, each translation at /<language>/ (listed above)."
	@echo "Preview it with: make serve   (then open http://127.0.0.1:8000/)"

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# What the site build needs from Debian: Pango for WeasyPrint (the documents'
# PDFs) and fonts that cover Vietnamese (DejaVu) and Chinese (Noto CJK).
SITE_APT := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core fonts-noto-cjk
site-deps: venv
	@$(BIN)/python -c "import weasyprint" 2>/dev/null && fc-list -q "DejaVu Sans" && fc-list -q "Noto Sans CJK SC" || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(SITE_APT) >/dev/null; }

# LibreTranslate runs as a service of its own (its pins clash with ours): the
# tests start real servers from this environment, every package pinned in
# deploy/libretranslate/requirements.txt.
LT_VENV := .venv-libretranslate

libretranslate-venv: $(LT_VENV)/.installed

$(LT_VENV)/.installed: deploy/libretranslate/requirements.txt
	test -x $(LT_VENV)/bin/python || $(PYTHON) -m venv $(LT_VENV)
	$(LT_VENV)/bin/python -m pip install --quiet -r deploy/libretranslate/requirements.txt
	touch $@

# Strict build; the warnings of every language are reported, not only the first.
# For production: make build PORTAL_SITE_URL=https://portal.example.gov.vn/
build: venv site-deps
	$(BIN)/portal build

serve: venv site-deps
	PORTAL_LOCALE=$(LOCALE) $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# Debian's chromium drives the real-browser tests (Playwright's own browser
# download does not work offline) and prints the importer's test PDFs with
# DejaVu fonts (they cover Vietnamese); axe-core comes from npm, pinned in
# tests/browser/package-lock.json.
test-deps: venv site-deps libretranslate-venv tests/browser/node_modules/.package-lock.json
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    chromium fonts-noto-cjk fonts-dejavu-core >/dev/null; }

tests/browser/node_modules/.package-lock.json: tests/browser/package.json tests/browser/package-lock.json
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error

test: test-deps
	$(BIN)/python -m pytest

# The translators' review report: states, changed blocks, glossary terms.
review: venv
	$(BIN)/portal review report --out site-review
	@echo "Open site-review/index.html in a browser."

clean:
	rm -rf site site-review .cache tests/artifacts
