# What every Pester file needs: the built module, and the emulator to run against. The live service is an addition
# (Live.Tests.ps1), never a replacement: GRSAI_API_KEY and GRSAI_BASE_URL, when both set, are moved aside on import
# (to BANANA_LIVE_API_KEY / BANANA_LIVE_BASE_URL) so the emulator tests run exactly as they do without them.
Set-StrictMode -Version Latest
$script:Root = Split-Path $PSScriptRoot
Import-Module (Join-Path $script:Root 'tools/EmulatorProcess.psm1') -Force

if ($env:GRSAI_API_KEY -and $env:GRSAI_BASE_URL) {
    $env:BANANA_LIVE_API_KEY = $env:GRSAI_API_KEY
    $env:BANANA_LIVE_BASE_URL = $env:GRSAI_BASE_URL
}
# The user's own settings must not leak into tests that resolve keys and addresses from the environment.
Remove-Item Env:GRSAI_API_KEY, Env:GRSAI_BASE_URL, Env:GRSAI_BACKUP_KEYS -ErrorAction SilentlyContinue

function Get-BananaModulePath {
    $modulePath = if ($env:BANANA_MODULE_PATH) { $env:BANANA_MODULE_PATH } else { Join-Path $script:Root 'out/Banana/Banana.psd1' }
    if (-not (Test-Path -LiteralPath $modulePath)) {
        throw "The module is not built ($modulePath). Run: dotnet pwsh ./build.ps1 -Task Build"
    }
    $modulePath
}

function Get-BananaLiveTarget {
    <#
    .SYNOPSIS
        The real service, when GRSAI_API_KEY and GRSAI_BASE_URL were both set: { BaseUri, ApiKey, ModulePath }; else $null.
    #>
    if (-not ($env:BANANA_LIVE_API_KEY -and $env:BANANA_LIVE_BASE_URL)) { return $null }
    # The real service is polled on the real clock (see Get-BananaTestTarget).
    Remove-Item Env:BANANA_TEST_TIME_SCALE -ErrorAction SilentlyContinue
    [pscustomobject]@{ BaseUri = [uri]$env:BANANA_LIVE_BASE_URL; ApiKey = $env:BANANA_LIVE_API_KEY; ModulePath = Get-BananaModulePath }
}

function Get-BananaTestTarget {
    <#
    .SYNOPSIS
        Returns { Live = $false, BaseUri, ApiKey, ModulePath, OwnEmulator }: always the emulator. Starts one when
        build.ps1 did not.
    #>
    $modulePath = Get-BananaModulePath
    # The client's own waits (first poll after a model's typical 15-40 s, polls every 1-3 s, backoff) on a clock 100x
    # as fast against the emulator, whose tasks take milliseconds; never against the real service (Get-BananaLiveTarget
    # removes it). Child processes (run_batch.ps1, fresh sessions) inherit it. See ScaledTimeProvider.
    $env:BANANA_TEST_TIME_SCALE = '0.01'
    $own = $null
    $uri = if ($env:BANANA_EMULATOR_URL) { [uri]$env:BANANA_EMULATOR_URL } else {
        $dll = Join-Path $script:Root 'src/Banana.Emulator/bin/Release/net10.0/Banana.Emulator.dll'
        $own = Start-BananaEmulator -EmulatorDll $dll
        $own.Uri
    }
    Reset-BananaEmulator -Uri $uri
    [pscustomobject]@{ Live = $false; BaseUri = $uri; ApiKey = 'sk-pester-test'; ModulePath = $modulePath; OwnEmulator = $own }
}

function Close-BananaTestTarget {
    param([Parameter(Mandatory)] $Target)
    if ($Target.OwnEmulator) { Stop-BananaEmulator -Emulator $Target.OwnEmulator }
}

function Test-PngFile {
    <# True when the file starts with the PNG signature and ends with the IEND chunk: a whole PNG. #>
    param([Parameter(Mandatory)] [string] $Path)
    $bytes = [IO.File]::ReadAllBytes($Path)
    if ($bytes.Length -lt 20) { return $false }
    $signature = [byte[]](0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)
    $head = [byte[]]$bytes[0..7]
    $tail = [Text.Encoding]::ASCII.GetString($bytes, $bytes.Length - 8, 4)
    ([Convert]::ToHexString($head) -eq [Convert]::ToHexString($signature)) -and $tail -eq 'IEND'
}

function Split-BatchOutput {
    <# Separates what Start-BananaBatch emitted: { Summary = the BatchSummary; Jobs = the JobResults }. #>
    param($All)
    [pscustomobject]@{
        Summary = $All | Where-Object { $_.PSObject.TypeNames -contains 'Banana.Engine.BatchSummary' }
        Jobs    = @($All | Where-Object { $_.PSObject.TypeNames -contains 'Banana.Engine.JobResult' })
    }
}

function Read-BananaManifest {
    <# The batch manifest of an output folder, as objects. #>
    param([Parameter(Mandatory)] [string] $OutputPath)
    Get-Content -Raw -Encoding utf8 -LiteralPath (Join-Path $OutputPath 'banana-manifest.json') | ConvertFrom-Json
}

function Invoke-BananaChildProcess {
    <#
    .SYNOPSIS
        Runs a script in a fresh PowerShell (the module imported from scratch) and returns its exit code and output.
    #>
    param(
        [Parameter(Mandatory)] [string] $Script,
        [string] $WorkingDirectory = (Get-Location).Path,
        [hashtable] $Environment = @{}
    )
    $pwsh = Get-PwshInvocation
    $info = [Diagnostics.ProcessStartInfo]::new($pwsh.FilePath)
    foreach ($a in @($pwsh.Prefix) + @('-NoProfile', '-NonInteractive', '-Command', $Script)) { $info.ArgumentList.Add($a) }
    $info.WorkingDirectory = $WorkingDirectory
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    foreach ($k in $Environment.Keys) { $info.Environment[$k] = $Environment[$k] }
    $p = [Diagnostics.Process]::Start($info)
    $stderr = $p.StandardError.ReadToEndAsync()
    $stdout = $p.StandardOutput.ReadToEnd()
    $p.WaitForExit()
    [pscustomobject]@{ ExitCode = $p.ExitCode; Output = $stdout; Error = $stderr.Result }
}

Export-ModuleMember -Function Get-BananaTestTarget, Get-BananaLiveTarget, Close-BananaTestTarget, Test-PngFile, Invoke-BananaChildProcess, Split-BatchOutput, Read-BananaManifest,
    Set-BananaEmulatorConfig, Reset-BananaEmulator, Get-BananaEmulatorStats, Get-PwshInvocation, Start-BananaEmulator, Stop-BananaEmulator
