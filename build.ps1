#!/usr/bin/env pwsh
# Pipeline bootstrapper: ./build.ps1 [targets] [--options]   (./build.ps1 --help lists them)
# Uses the installed .NET SDK when it satisfies global.json, otherwise installs one under .nuke/temp/dotnet with the
# official dotnet-install script. Rebuilds the build project only when a source file changed, so a warm start is fast.
$ErrorActionPreference = 'Stop'
$Root = $PSScriptRoot
$Temp = Join-Path $Root '.nuke/temp'
$BuildProject = Join-Path $Root 'build/_build.csproj'
$BuildDll = Join-Path $Root 'build/bin/_build.dll'
$Stamp = Join-Path $Temp 'build.stamp'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'; $env:DOTNET_NOLOGO = '1'; $env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
New-Item -ItemType Directory -Force -Path $Temp | Out-Null

function Resolve-Dotnet {
    $installed = Get-Command dotnet -ErrorAction SilentlyContinue
    if ($installed) {
        Push-Location $Root
        try { & $installed.Source --version *> $null; if ($LASTEXITCODE -eq 0) { return $installed.Source } } finally { Pop-Location }
    }
    $installDir = Join-Path $Temp 'dotnet'
    $exe = Join-Path $installDir ($IsWindows ? 'dotnet.exe' : 'dotnet')
    if (-not (Test-Path $exe)) {
        Write-Host "build.ps1: no installed .NET SDK satisfies global.json; installing one into $installDir"
        if ($IsWindows -or $PSVersionTable.PSEdition -eq 'Desktop') {
            $script = Join-Path $Temp 'dotnet-install.ps1'
            Invoke-WebRequest 'https://dot.net/v1/dotnet-install.ps1' -OutFile $script
            & $script -JsonFile (Join-Path $Root 'global.json') -InstallDir $installDir -NoPath
        } else {
            $script = Join-Path $Temp 'dotnet-install.sh'
            Invoke-WebRequest 'https://dot.net/v1/dotnet-install.sh' -OutFile $script
            bash $script --jsonfile (Join-Path $Root 'global.json') --install-dir $installDir --no-path
        }
    }
    $env:DOTNET_ROOT = $installDir
    return $exe
}

function Test-NeedsBuild {
    if (-not (Test-Path $BuildDll) -or -not (Test-Path $Stamp)) { return $true }
    $since = (Get-Item $Stamp).LastWriteTimeUtc
    $paths = @('build', 'src') | ForEach-Object { Join-Path $Root $_ }
    $changed = Get-ChildItem -Path $paths -Recurse -File -Include *.cs, *.csproj, *.props, *.targets |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' -and $_.LastWriteTimeUtc -gt $since } |
        Select-Object -First 1
    $roots = @('Directory.Build.props', 'Directory.Packages.props', 'global.json') | ForEach-Object { Get-Item (Join-Path $Root $_) }
    return [bool]$changed -or [bool]($roots | Where-Object { $_.LastWriteTimeUtc -gt $since })
}

if (Test-NeedsBuild) {
    # Progress goes to the host (stderr-like), so the engine's own output stays clean for redirection.
    $why = (Test-Path $BuildDll) ? 'sources changed' : 'first run, about a minute'
    [Console]::Error.WriteLine("build.ps1: compiling the build project ($why)…")
    $started = [DateTime]::UtcNow
    $Dotnet = Resolve-Dotnet
    $log = Join-Path $Temp 'build-project.log'
    # Minimal verbosity without the terminal logger: one line per restored or compiled project, as it happens.
    & $Dotnet build $BuildProject --nologo -v:m -tl:off -clp:NoSummary -nodeReuse:false 2>&1 | Tee-Object -FilePath $log |
        Where-Object { "$_" -notmatch '^\s*$|^\s*Build succeeded\.$|^\s*\d+ (Warning|Error)\(s\)$|^\s*Time Elapsed' } |
        ForEach-Object { [Console]::Error.WriteLine('  ' + "$_".Trim()) }
    if ($LASTEXITCODE -ne 0) {
        [Console]::Error.WriteLine('build.ps1: the build project does not compile (see above; log in .nuke/temp/build-project.log); fix build/ or src/ and run again.')
        exit 1
    }
    New-Item -ItemType File -Force -Path $Stamp | Out-Null
    (Get-Item $Stamp).LastWriteTimeUtc = $started
    [Console]::Error.WriteLine("build.ps1: build project ready in $([int]([DateTime]::UtcNow - $started).TotalSeconds) s")
} else {
    $Dotnet = Resolve-Dotnet
}

& $Dotnet $BuildDll @args
exit $LASTEXITCODE
