#!/usr/bin/env bash
# Benchmark: warm start of the build engine against a hello-world .NET console app, side by side.
#   1. dotnet hello.dll               a console app built here (Release) into a temporary folder: the floor
#   2. ./build.sh --plan Test         bootstrapper + engine: discover targets and parameters, plan, print
#   3. ./build.sh Workflows --verify  the same and the workflow generator, compared with the committed files
#   4. dotnet build/bin/_build.dll --help   the engine alone, without build.sh
# Compiles the build project first (./build.sh --help) so every measured run is warm. Prints hyperfine's table and the
# medians, and the ratio of --plan Test to hello-world (goal: at most 2x) and Workflows --verify (goal: under 200 ms).
# Then the same ratio interleaved: hello-world and ./build.sh --plan Test run in turns (pairs), so that a slow phase of
# the machine (a virtual machine's neighbours) weighs on both alike; it prints the medians and the median of the pairs'
# ratios. hyperfine runs each command's runs in a block, which on a noisy machine can favour either side.
# Usage: eng/benchmarks/startup.sh [runs]   (default 20; pairs: 3 x runs; needs hyperfine and python3)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-20}
work=$(mktemp -d /tmp/pipeline-startup-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
command -v hyperfine >/dev/null || { echo "startup.sh: hyperfine not found; install it (apt-get install hyperfine)" >&2; exit 2; }

mkdir -p "$work/hello"
cat >"$work/hello/hello.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
</Project>
XML
echo 'Console.WriteLine("Hello, World!");' >"$work/hello/Program.cs"
# Outside the repository: its Directory.Build.props (analyzers, warnings as errors) would not apply to a plain app.
dotnet build "$work/hello/hello.csproj" -c Release -o "$work/hello/bin" --nologo -v:q -nodeReuse:false >&2
cd "$repo"
./build.sh --help >/dev/null

hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/results.json" \
  -n hello "dotnet $work/hello/bin/hello.dll" \
  -n 'plan Test' './build.sh --plan Test' \
  -n 'Workflows --verify' './build.sh Workflows --verify' \
  -n 'engine --help' 'dotnet build/bin/_build.dll --help'

python3 - "$work/results.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
median = {name: r["median"] * 1000 for name, r in results.items()}
print()
print("| Command | Median ms |")
print("| --- | ---: |")
for name, ms in median.items():
    print(f"| {name} | {ms:.0f} |")
print()
print(f"plan Test / hello: {median['plan Test'] / median['hello']:.1f}x (goal <= 2x)")
print(f"Workflows --verify: {median['Workflows --verify']:.0f} ms (goal < 200 ms)")
PY

python3 - "$work/hello/bin/hello.dll" "$((runs * 3))" <<'PY'
import statistics, subprocess, sys, time
hello, pairs = sys.argv[1], int(sys.argv[2])
commands = {"hello": ["dotnet", hello], "plan Test": ["./build.sh", "--plan", "Test"]}
def run(argv):
    started = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - started) * 1000
for argv in commands.values():
    for _ in range(3):
        run(argv)
times = {name: [] for name in commands}
for _ in range(pairs):
    for name, argv in commands.items():
        times[name].append(run(argv))
ratios = [plan / hello for hello, plan in zip(times["hello"], times["plan Test"])]
print()
print(f"interleaved, {pairs} pairs: hello {statistics.median(times['hello']):.0f} ms, plan Test {statistics.median(times['plan Test']):.0f} ms median;"
      f" ratio of medians {statistics.median(times['plan Test']) / statistics.median(times['hello']):.2f}x, median of pair ratios {statistics.median(ratios):.2f}x (goal <= 2x)")
PY
