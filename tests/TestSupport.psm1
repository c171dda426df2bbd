# What every Pester file needs: the built module, and a target to run against — the emulator by default,
# the live API when GRSAI_API_KEY and GRSAI_BASE_URL are both set.
Set-StrictMode -Version Latest
$script:Root = Split-Path $PSScriptRoot
Import-Module (Join-Path $script:Root 'tools/EmulatorProcess.psm1') -Force

function Get-BananaTestTarget {
    <#
    .SYNOPSIS
        Returns { Live, BaseUri, ApiKey, ModulePath, OwnEmulator }. Starts an emulator when build.ps1 did not.
    #>
    $modulePath = if ($env:BANANA_MODULE_PATH) { $env:BANANA_MODULE_PATH } else { Join-Path $script:Root 'out/Banana/Banana.psd1' }
    if (-not (Test-Path -LiteralPath $modulePath)) {
        throw "The module is not built ($modulePath). Run: dotnet pwsh ./build.ps1 -Task Build"
    }
    $live = [bool]($env:GRSAI_API_KEY -and $env:GRSAI_BASE_URL)
    # The client's own waits (first poll after a model's typical 15-40 s, polls every 3 s, backoff) on a clock 100x
    # faster against the emulator, whose tasks take milliseconds; never against the real service. Child processes
    # (run_batch.ps1, fresh sessions) inherit it. See ScaledTimeProvider.
    if ($live) { Remove-Item Env:BANANA_TEST_TIME_SCALE -ErrorAction SilentlyContinue }
    elseif (-not $env:BANANA_TEST_TIME_SCALE) { $env:BANANA_TEST_TIME_SCALE = '0.01' }
    if ($live) {
        return [pscustomobject]@{ Live = $true; BaseUri = [uri]$env:GRSAI_BASE_URL; ApiKey = $env:GRSAI_API_KEY; ModulePath = $modulePath; OwnEmulator = $null }
    }
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

Export-ModuleMember -Function Get-BananaTestTarget, Close-BananaTestTarget, Test-PngFile, Invoke-BananaChildProcess, Split-BatchOutput, Read-BananaManifest,
    Set-BananaEmulatorConfig, Reset-BananaEmulator, Get-BananaEmulatorStats, Get-PwshInvocation, Start-BananaEmulator, Stop-BananaEmulator
