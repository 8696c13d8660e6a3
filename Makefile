# Everyday commands. `make demo` and `make test` work on a fresh machine.
PY      ?= python3.11
VENV    ?= .venv
BIN     := $(VENV)/bin
PORT    ?= 8000
STAMP   := $(VENV)/.installed

.PHONY: demo test lint format pre-commit bench install serve clean lock fuzz frontend frontend-check js-test messages

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "需要 Python 3.11（$(PY) 未找到）"; exit 1; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs pinned versions (requirements*.lock) so that an install next month gives the same set.
$(STAMP): $(BIN)/python pyproject.toml requirements.lock requirements-dev.lock
	$(BIN)/pip install --quiet -c requirements.lock -c requirements-dev.lock -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "人大工作管理平台: http://127.0.0.1:$(PORT)  (Ctrl+C 停止)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT) --noreload

serve: $(STAMP)
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	env -u DATABASE_URL $(BIN)/python manage.py makemigrations --check --dry-run --settings=congress.settings.test
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory js-test; \
	  else echo "Node.js 未安装：跳过组件测试（Vitest）；CI 会运行"; fi
	$(BIN)/pytest $(PYTEST_ARGS)

# The JavaScript linter (ESLint, pinned by frontend/package-lock.json) over our own scripts:
# the compiled front end's sources (frontend/src, .vue with eslint-plugin-vue), its tests and tools, and
# the few plain scripts of static/app (frontend/eslint.config.js); never the built static/dist.
NPM_STAMP := frontend/node_modules/.installed
ESLINT    := frontend/node_modules/.bin/eslint --config frontend/eslint.config.js --max-warnings 0
JS_LINT   := static/app frontend/src frontend/tests frontend/scripts frontend/eslint.config.js frontend/vite.config.js

$(NPM_STAMP): frontend/package.json frontend/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "需要 Node.js（20.19 或更新）与 npm"; exit 1; }
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $(NPM_STAMP)

# The compiled front end: frontend/src built by Vite into static/dist (committed, so that the
# demo and the Python tests need no Node.js). CI rebuilds it and fails when the committed bundle
# differs from what its sources build (frontend-check).
frontend: $(NPM_STAMP)
	cd frontend && node scripts/licenses.mjs && node_modules/.bin/vite build --logLevel warn

frontend-check: $(NPM_STAMP)
	rm -rf frontend/.check-dist
	cd frontend && node scripts/licenses.mjs && git diff --exit-code -- licenses/ \
	  || { echo "frontend/licenses 与 package-lock.json 不一致：运行 make frontend 并提交"; exit 1; }
	cd frontend && node_modules/.bin/vite build --logLevel warn --outDir .check-dist --emptyOutDir
	@diff -r static/dist frontend/.check-dist >/dev/null || { diff -rq static/dist frontend/.check-dist; \
	  echo "static/dist 与 frontend/src 不一致：运行 make frontend 并提交 static/dist"; rm -rf frontend/.check-dist; exit 1; }
	rm -rf frontend/.check-dist
	@echo "static/dist matches frontend/src"

# The components' own tests (Vitest, jsdom).
js-test: $(NPM_STAMP)
	cd frontend && node_modules/.bin/vitest run

# Both catalogues (server and front end) from the sources; then translate what is new.
messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l en --no-obsolete $(PY_IGNORE)
	$(BIN)/python manage.py makemessages -d djangojs -e js,vue -l en --no-obsolete $(JS_IGNORE)

PY_IGNORE := --ignore='.venv/*' --ignore='static/*' --ignore='tests/*' --ignore='bench/*' \
	--ignore='artifacts/*' --ignore='deploy/*' --ignore='docs/*' --ignore='media/*' --ignore='var/*' \
	--ignore='frontend/*'
JS_IGNORE := --ignore='.venv/*' --ignore='static/*' --ignore='tests/*' --ignore='bench/*' \
	--ignore='frontend/node_modules/*' --ignore='frontend/tests/*' --ignore='frontend/.check-dist/*' \
	--ignore='artifacts/*' --ignore='deploy/*' --ignore='docs/*' --ignore='media/*' --ignore='var/*'

# The same checks as CI (.ci/run) and pre-commit (.pre-commit-config.yaml).
lint: $(STAMP) $(NPM_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(ESLINT) $(JS_LINT)

format: $(STAMP) $(NPM_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(ESLINT) --fix $(JS_LINT)

# Runs the lint checks on the staged files before each `git commit`.
pre-commit: $(STAMP) $(NPM_STAMP)
	$(BIN)/pre-commit install

# Schema fuzzing of the whole API as staff, deputy and anonymous (tests/congress/test_fuzz.py)
# with a larger budget than the suite's: FUZZ_EXAMPLES generated requests per operation and mode.
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-20} $(BIN)/pytest tests/congress/test_fuzz.py -m fuzz -q -s -p no:cacheprovider $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Re-pin: runtime set from a clean environment, then the dev extras on top.
lock: $(BIN)/python
	rm -rf $(VENV)-lock && $(PY) -m venv $(VENV)-lock
	$(VENV)-lock/bin/pip install --quiet .
	$(VENV)-lock/bin/pip freeze --exclude-editable | grep -v '^congress-portal' > requirements.lock
	rm -rf $(VENV)-lock
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip freeze --exclude-editable | grep -vixF -f requirements.lock > requirements-dev.lock


clean:
	rm -rf $(VENV) db.sqlite3 staticfiles artifacts frontend/node_modules
