#!/usr/bin/env bash
# Pipeline bootstrapper: ./build.sh [targets] [--options]   (./build.sh --help lists them)
# Uses the installed .NET SDK when it satisfies global.json, otherwise installs one under .nuke/temp/dotnet with the
# official dotnet-install script. Rebuilds the build project only when a source file changed, so a warm start is fast;
# the build is compiled ahead of time (ReadyToRun, see build/ReadyToRun.targets) unless PIPELINE_READY_TO_RUN=0 or the
# compiler package cannot be restored here.
set -eo pipefail

# The repository root without a subshell (each fork is a millisecond of every start).
case "${BASH_SOURCE[0]}" in */*) ROOT="${BASH_SOURCE[0]%/*}" ;; *) ROOT=. ;; esac
CDPATH='' builtin cd -- "$ROOT" && ROOT=$PWD && builtin cd -- "$OLDPWD" || exit 1
TEMP="$ROOT/.nuke/temp"
BUILD_PROJECT="$ROOT/build/_build.csproj"
BUILD_DLL="$ROOT/build/bin/_build.dll"
STAMP="$TEMP/build.stamp"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 DOTNET_CLI_UI_LANGUAGE=en
[[ -d "$TEMP" ]] || mkdir -p "$TEMP"

resolve_dotnet() {
  local cache="$TEMP/dotnet-path"
  if [[ -f "$cache" && "$cache" -nt "$ROOT/global.json" ]]; then
    read -r DOTNET <"$cache"
    [[ -x "$DOTNET" ]] && return
  fi
  # The muxer honours global.json (version and rollForward): it fails when no installed SDK satisfies it.
  if command -v dotnet >/dev/null 2>&1 && (cd "$ROOT" && dotnet --version >/dev/null 2>&1); then
    DOTNET=$(command -v dotnet)
  else
    local install_dir="$TEMP/dotnet"
    if [[ ! -x "$install_dir/dotnet" ]] || ! (cd "$ROOT" && "$install_dir/dotnet" --version >/dev/null 2>&1); then
      echo "build.sh: no installed .NET SDK satisfies global.json; installing one into $install_dir"
      curl -fsSL https://dot.net/v1/dotnet-install.sh -o "$TEMP/dotnet-install.sh"
      bash "$TEMP/dotnet-install.sh" --jsonfile "$ROOT/global.json" --install-dir "$install_dir" --no-path
    fi
    DOTNET="$install_dir/dotnet"
    export DOTNET_ROOT="$install_dir"
  fi
  echo "$DOTNET" >"$cache"
}

INPUTS=(build src Directory.Build.props Directory.Packages.props global.json)

# The build's inputs as git records them, when git tracks them and none is changed or untracked; fails otherwise.
inputs_fingerprint() {
  local paths=() status
  for input in "${INPUTS[@]}"; do [[ -e "$ROOT/$input" ]] && paths+=("$input"); done
  command -v git >/dev/null 2>&1 || return 1
  status=$(git -C "$ROOT" status --porcelain -- "${paths[@]}" 2>/dev/null) && [[ -z "$status" ]] || return 1
  git -C "$ROOT" ls-files -s -- "${paths[@]}" | git hash-object --stdin
}

needs_build() {
  [[ -f "$BUILD_DLL" && -f "$STAMP" ]] || return 0
  local changed fingerprint inputs=()
  for input in "${INPUTS[@]}"; do
    [[ -e "$ROOT/$input" ]] && inputs+=("$ROOT/$input")
  done
  changed=$(find "${inputs[@]}" \
    \( -name bin -o -name obj \) -prune -o -type f -newer "$STAMP" \
    \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name 'global.json' \) -print -quit)
  [[ -n "$changed" ]] || return 1
  # A fresh checkout is newer than a build/bin handed over from an earlier CI job; the same committed inputs need no compile.
  if [[ -f "$STAMP.inputs" ]] && fingerprint=$(inputs_fingerprint) && [[ "$fingerprint" == "$(<"$STAMP.inputs")" ]]; then
    touch "$STAMP"
    return 1
  fi
  return 0
}

# build_project true|false: compiles the build project (ReadyToRun or not); minimal verbosity without the terminal
# logger: one line per restored or compiled project, as it happens.
# MSBuild reads every environment variable as a property: a shell's OUTDIR (or OutputPath, Platform) would redirect
# or break the build project's own output, so they are left out of its environment.
build_project() {
  env -u OUTDIR -u OutDir -u OUTPUTPATH -u OutputPath -u PLATFORM -u Platform \
    "$DOTNET" build "$BUILD_PROJECT" --nologo -v:m -tl:off -clp:NoSummary -nodeReuse:false -p:PipelineBootstrap=true "-p:PipelineReadyToRun=$1" 2>&1 \
    | tee "$TEMP/build-project.log" \
    | sed -u -e '/^ *$/d' -e '/^ *Build succeeded\.$/d' -e '/^ *[0-9]* \(Warning\|Error\)(s)$/d' -e '/^ *Time Elapsed/d' -e 's/^ */  /' >&2
}

if needs_build; then
  # Progress goes to stderr, so stdout stays the engine's own (./build.sh --plan mermaid >graph.md).
  if [[ -f "$BUILD_DLL" ]]; then
    echo "build.sh: compiling the build project (sources changed)…" >&2
  else
    echo "build.sh: compiling the build project (first run, about a minute)…" >&2
  fi
  started=$SECONDS
  resolve_dotnet
  # One compile at a time: a second ./build.sh started meanwhile waits here, then finds the build up to date.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$TEMP/build.lock"
    flock 9
    if ! needs_build; then
      echo "build.sh: build project compiled meanwhile by another run" >&2
      exec 9>&-
      exec "$DOTNET" "$BUILD_DLL" "$@"
    fi
  fi
  touch "$STAMP.next"
  fingerprint=$(inputs_fingerprint) || fingerprint=
  ready_to_run=true
  [[ "${PIPELINE_READY_TO_RUN:-1}" == 0 ]] && ready_to_run=false
  while ! build_project "$ready_to_run"; do
    # Without the ReadyToRun compiler for this machine (offline, another RID) the build still works, only starts slower.
    # NETSDK1094/1095: no runtime or compiler pack for this RID; NU1101/NU1102: the pack is not on the feeds; NU1301: no
    # feed answers (offline; packages already cached still restore); NETSDK1096: the ReadyToRun compiler failed.
    if [[ "$ready_to_run" == true ]] && grep -qE 'NETSDK109[456]|NU1301|NU110[12].*[Mm]icrosoft\.NETCore\.App\.(Crossgen2|Runtime|Host)' "$TEMP/build-project.log"; then
      cp "$TEMP/build-project.log" "$TEMP/build-project.ready-to-run.log"
      echo "build.sh: ReadyToRun is not available here (.nuke/temp/build-project.ready-to-run.log); compiling without it (slower start)" >&2
      ready_to_run=false
      continue
    fi
    echo "build.sh: the build project does not compile (see above; log in .nuke/temp/build-project.log); fix build/ or src/ and run again." >&2
    exit 1
  done
  mv "$STAMP.next" "$STAMP"
  if [[ -n "$fingerprint" ]]; then echo "$fingerprint" >"$STAMP.inputs"; else rm -f "$STAMP.inputs"; fi
  exec 9>&-
  echo "build.sh: build project ready in $((SECONDS - started)) s" >&2
else
  resolve_dotnet
fi

exec "$DOTNET" "$BUILD_DLL" "$@"
