#!/usr/bin/env pwsh
# Pipeline bootstrapper: ./build.ps1 [targets] [--options]   (./build.ps1 --help lists them)
# Uses the installed .NET SDK when it satisfies global.json, otherwise installs one under .nuke/temp/dotnet with the
# official dotnet-install script. Rebuilds the build project only when a source file changed, so a warm start is fast;
# the build is compiled ahead of time (ReadyToRun, see build/ReadyToRun.targets) unless PIPELINE_READY_TO_RUN=0 or the
# compiler package cannot be restored here. The same steps as build.sh, for Windows and PowerShell users.
$ErrorActionPreference = 'Stop'
$Root = $PSScriptRoot
$Temp = Join-Path $Root '.nuke/temp'
$BuildProject = Join-Path $Root 'build/_build.csproj'
$BuildDll = Join-Path $Root 'build/bin/_build.dll'
$Stamp = Join-Path $Temp 'build.stamp'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'; $env:DOTNET_NOLOGO = '1'; $env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'; $env:DOTNET_CLI_UI_LANGUAGE = 'en'
[IO.Directory]::CreateDirectory($Temp) | Out-Null

# The dotnet to use, remembered in .nuke/temp/dotnet-path until global.json changes (asking the muxer costs a second).
function Resolve-Dotnet {
    $cache = Join-Path $Temp 'dotnet-path'
    if ((Test-Path $cache) -and [IO.File]::GetLastWriteTimeUtc($cache) -gt [IO.File]::GetLastWriteTimeUtc((Join-Path $Root 'global.json'))) {
        $cached = [IO.File]::ReadAllText($cache).Trim()
        if ($cached -and (Test-Path $cached)) {
            if ($cached.StartsWith($Temp)) { $env:DOTNET_ROOT = Split-Path $cached }
            return $cached
        }
    }
    $dotnet = Find-Dotnet
    [IO.File]::WriteAllText($cache, $dotnet)
    return $dotnet
}

function Find-Dotnet {
    $installed = Get-Command dotnet -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($installed) {
        Push-Location $Root
        try { & $installed.Source --version *> $null; if ($LASTEXITCODE -eq 0) { return $installed.Source } } finally { Pop-Location }
    }
    $installDir = Join-Path $Temp 'dotnet'
    $exe = Join-Path $installDir ($IsWindows ? 'dotnet.exe' : 'dotnet')
    $usable = $false
    if (Test-Path $exe) {
        Push-Location $Root
        try { & $exe --version *> $null; $usable = $LASTEXITCODE -eq 0 } finally { Pop-Location }
    }
    if (-not $usable) {
        Write-Host "build.ps1: no installed .NET SDK satisfies global.json; installing one into $installDir"
        if ($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') {
            $script = Join-Path $Temp 'dotnet-install.ps1'
            Invoke-WebRequest 'https://dot.net/v1/dotnet-install.ps1' -OutFile $script
            & $script -JsonFile (Join-Path $Root 'global.json') -InstallDir $installDir -NoPath | Out-Host
        } else {
            $script = Join-Path $Temp 'dotnet-install.sh'
            Invoke-WebRequest 'https://dot.net/v1/dotnet-install.sh' -OutFile $script
            bash $script --jsonfile (Join-Path $Root 'global.json') --install-dir $installDir --no-path | Out-Host
        }
    }
    $env:DOTNET_ROOT = $installDir
    return $exe
}

# A source file newer than the stamp under $Directory, not looking into bin/ and obj/ (as build.sh's find -prune).
function Test-NewerSource([string]$Directory, [datetime]$Since) {
    foreach ($file in [IO.Directory]::EnumerateFiles($Directory)) {
        $name = [IO.Path]::GetFileName($file)
        if (($name -match '\.(cs|csproj|props|targets)$' -or $name -eq 'global.json') -and [IO.File]::GetLastWriteTimeUtc($file) -gt $Since) { return $true }
    }
    foreach ($child in [IO.Directory]::EnumerateDirectories($Directory)) {
        $name = [IO.Path]::GetFileName($child)
        if ($name -ne 'bin' -and $name -ne 'obj' -and (Test-NewerSource $child $Since)) { return $true }
    }
    return $false
}

$Inputs = 'build', 'src', 'Directory.Build.props', 'Directory.Packages.props', 'global.json'

# As build.sh: the build's inputs as git records them, when git tracks them and none is changed or untracked; else $null.
function Get-InputsFingerprint {
    if (-not (Get-Command git -ErrorAction SilentlyContinue)) { return $null }
    $paths = @($Inputs | Where-Object { Test-Path (Join-Path $Root $_) })
    $status = git -C $Root status --porcelain -- @paths 2>$null
    if ($LASTEXITCODE -ne 0 -or $status) { return $null }
    return (git -C $Root ls-files -s -- @paths | git hash-object --stdin)
}

function Test-NeedsBuild {
    if (-not (Test-Path $BuildDll) -or -not (Test-Path $Stamp)) { return $true }
    if (-not (Test-NewerInput)) { return $false }
    # A fresh checkout is newer than a build/bin handed over from an earlier CI job; the same committed inputs need no compile.
    $recorded = "$Stamp.inputs"
    if ((Test-Path $recorded) -and ($fingerprint = Get-InputsFingerprint) -and $fingerprint -eq (Get-Content -Raw $recorded).Trim()) {
        (Get-Item $Stamp).LastWriteTimeUtc = [DateTime]::UtcNow
        return $false
    }
    return $true
}

function Test-NewerInput {
    $since = [IO.File]::GetLastWriteTimeUtc($Stamp)
    # As build.sh: whatever of build/, src/ and the root files exists (a repository started from the template has no src/).
    foreach ($input in 'build', 'src') {
        $path = Join-Path $Root $input
        if ([IO.Directory]::Exists($path) -and (Test-NewerSource $path $since)) { return $true }
    }
    foreach ($input in 'Directory.Build.props', 'Directory.Packages.props', 'global.json') {
        $path = Join-Path $Root $input
        if ([IO.File]::Exists($path) -and [IO.File]::GetLastWriteTimeUtc($path) -gt $since) { return $true }
    }
    return $false
}

if (Test-NeedsBuild) {
    # Progress goes to the host (stderr-like), so the engine's own output stays clean for redirection.
    $why = (Test-Path $BuildDll) ? 'sources changed' : 'first run, about a minute'
    [Console]::Error.WriteLine("build.ps1: compiling the build project ($why)…")
    $started = [DateTime]::UtcNow
    $Dotnet = Resolve-Dotnet
    # One compile at a time (as build.sh's flock; .NET locks with flock too): a second run started meanwhile waits here,
    # then finds the build up to date.
    $lock = $null
    while (-not $lock) {
        try { $lock = [IO.File]::Open((Join-Path $Temp 'build.lock'), 'OpenOrCreate', 'ReadWrite', 'None') }
        catch [IO.IOException] { Start-Sleep -Milliseconds 200 }
    }
    try {
        if (-not (Test-NeedsBuild)) {
            [Console]::Error.WriteLine('build.ps1: build project compiled meanwhile by another run')
        } else {
            $log = Join-Path $Temp 'build-project.log'
            $fingerprint = Get-InputsFingerprint
            $readyToRun = $env:PIPELINE_READY_TO_RUN -ne '0'
            # MSBuild reads every environment variable as a property: a shell's OUTDIR (or OutputPath, Platform) would
            # redirect or break the build project's own output. This process only, and only for the compile.
            foreach ($name in 'OUTDIR', 'OUTPUTPATH', 'PLATFORM') { Remove-Item "Env:$name" -ErrorAction SilentlyContinue }
            while ($true) {
                # Minimal verbosity without the terminal logger: one line per restored or compiled project, as it happens.
                & $Dotnet build $BuildProject --nologo -v:m -tl:off -clp:NoSummary -nodeReuse:false -p:PipelineBootstrap=true "-p:PipelineReadyToRun=$($readyToRun.ToString().ToLowerInvariant())" 2>&1 |
                    Tee-Object -FilePath $log |
                    Where-Object { "$_" -notmatch '^\s*$|^\s*Build succeeded\.$|^\s*\d+ (Warning|Error)\(s\)$|^\s*Time Elapsed' } |
                    ForEach-Object { [Console]::Error.WriteLine('  ' + "$_".Trim()) }
                if ($LASTEXITCODE -eq 0) { break }
                # Without the ReadyToRun compiler for this machine (offline, another RID) the build still works, only starts slower.
                # As build.sh: no pack for this RID, the pack not on the feeds, no feed answers, or the ReadyToRun compiler failed.
                if ($readyToRun -and (Select-String -Path $log -Pattern 'NETSDK109[456]|NU1301|NU110[12].*Microsoft\.NETCore\.App\.(Crossgen2|Runtime|Host)' -Quiet)) {
                    Copy-Item $log (Join-Path $Temp 'build-project.ready-to-run.log')
                    [Console]::Error.WriteLine('build.ps1: ReadyToRun is not available here (.nuke/temp/build-project.ready-to-run.log); compiling without it (slower start)')
                    $readyToRun = $false
                    continue
                }
                [Console]::Error.WriteLine('build.ps1: the build project does not compile (see above; log in .nuke/temp/build-project.log); fix build/ or src/ and run again.')
                exit 1
            }
            New-Item -ItemType File -Force -Path $Stamp | Out-Null
            (Get-Item $Stamp).LastWriteTimeUtc = $started
            if ($fingerprint) { Set-Content -Path "$Stamp.inputs" -Value $fingerprint } else { Remove-Item "$Stamp.inputs" -ErrorAction SilentlyContinue }
        }
    } finally {
        $lock.Dispose()
    }
    [Console]::Error.WriteLine("build.ps1: build project ready in $([int]([DateTime]::UtcNow - $started).TotalSeconds) s")
} else {
    $Dotnet = Resolve-Dotnet
}

& $Dotnet $BuildDll @args
exit $LASTEXITCODE
