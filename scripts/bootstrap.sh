# Shared set-up for start-server.sh, run-tests.sh and .ci/run. Source it; do not run it.
# Everything here is idempotent and quick when nothing changed.

JW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JW_VENV="$JW_ROOT/.venv"

jw_log() { printf '[jobwise] %s\n' "$*" >&2; }

# Run a command as root: directly when we are root, through sudo when it is available.
jw_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1
  fi
}

# Install the Debian packages that are missing (no-op when all are there or apt is unavailable).
jw_apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    jw_log "apt-get not found; install these yourself: ${missing[*]}"
    return 0
  fi
  jw_log "installing Debian packages: ${missing[*]}"
  jw_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
    && jw_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null \
    || { jw_log "could not install ${missing[*]} (need root or sudo)"; return 1; }
}

jw_python() {
  local candidate
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  jw_log "Python 3.11 or newer is required"
  return 1
}

# What WeasyPrint (PDF exports) needs from Debian: Pango for text layout, HarfBuzz's subsetter (without
# it fonts are embedded through a slow fallback, several times slower), and the fonts the templates
# name: Liberation (Helvetica/Arial, Times), DejaVu (Georgia), Carlito (Calibri), all metric-compatible.
JW_RENDER_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
  fonts-liberation2 fonts-dejavu-core fonts-crosextra-carlito)

# Create .venv when missing and install the given requirements file when it (or Python) changed.
# Both README commands come through here, so the renderer's Debian packages are installed here too.
jw_setup_venv() {
  local requirements="$1" python stamp wanted
  jw_apt_install "${JW_RENDER_PACKAGES[@]}" || jw_log "PDF export needs: ${JW_RENDER_PACKAGES[*]}"
  python="$(jw_python)"
  if [ ! -x "$JW_VENV/bin/python" ]; then
    "$python" -m venv --help >/dev/null 2>&1 || jw_apt_install python3-venv
    jw_log "creating $JW_VENV"
    "$python" -m venv "$JW_VENV"
  fi
  stamp="$JW_VENV/.installed-$(basename "$requirements" .txt)"
  wanted="$(cat "$JW_ROOT"/requirements*.txt "$JW_ROOT/scripts/bootstrap.sh" | sha256sum | cut -d' ' -f1)"
  wanted="$wanted $("$JW_VENV/bin/python" -V 2>&1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    jw_log "installing Python packages from $requirements"
    "$JW_VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$JW_ROOT/$requirements"
    echo "$wanted" > "$stamp"
  fi
}
