#Requires -Version 5.1
<#
.SYNOPSIS
    Runs the whole batch: every photo in input\image with every prompt in input\text\text.txt.
.DESCRIPTION
    Replaces run_batch.bat. Loads .env (GRSAI_API_KEY, GRSAI_BACKUP_KEYS, GRSAI_BASE_URL, GRSAI_API) from this folder,
    imports the built Banana module, runs Start-BananaBatch with the old defaults (nano-banana-fast, auto,
    5 at a time) and prints the summary and where the report is.
    Run it again after a crash or Ctrl+C: finished jobs are skipped and nothing is paid for twice.

    Exit codes: 0 every job succeeded (or was already done); 1 some jobs failed (see the report);
    2 the batch could not run (no key, rejected key, no credits, missing input folder, ...);
    130 stopped by Ctrl+C before the batch finished (run it again to resume).
.EXAMPLE
    ./run_batch.ps1
.EXAMPLE
    ./run_batch.ps1 -InputPath D:\photos\input -OutputPath D:\photos\batch_outputs -ThrottleLimit 3
.EXAMPLE
    ./run_batch.ps1 -Api Generate
    Submits on the newer generate API (/v1/api/generate) instead of the draw API; GRSAI_API=generate in .env does the same.
#>
[CmdletBinding()]
param(
    [string] $InputPath = (Join-Path $PSScriptRoot 'input'),
    [string] $OutputPath = (Join-Path $PSScriptRoot 'batch_outputs'),
    [string] $Model = 'nano-banana-fast',
    [string] $AspectRatio = 'auto',
    [int] $ThrottleLimit = 5,
    # Draw or Generate; left out, GRSAI_API (environment or .env) decides, else Draw.
    [ValidateSet('Draw', 'Generate')]
    [string] $Api,
    [string] $ModulePath = (Join-Path $PSScriptRoot 'out/Banana/Banana.psd1')
)
$ErrorActionPreference = 'Stop'

# Paths given relative to where the person stands, before the batch runs from this script's folder (below).
$InputPath = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($InputPath)
$OutputPath = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($OutputPath)

# A Ctrl+C stops the pipeline: no catch sees it and the lines after the batch never run, so without this the
# script would end silently with exit code 0 and a scheduler would take a stopped batch for a finished one.
# Only the finally block below still runs; it turns the stop into exit code 130 (128 + SIGINT, the shells' convention).
$finished = $false
# While a pipeline stops, PowerShell may drop an 'exit N' (it does here with -File), so when this script is the
# process's own (pwsh -File run_batch.ps1, as a scheduler runs it) the process ends with the code directly. Run from
# an interactive session, the session must live on: there 'exit 130' sets $LASTEXITCODE as far as PowerShell allows.
$ownsProcess = @([Environment]::GetCommandLineArgs() | Where-Object {
        $_ -like '*.ps1' -and (Test-Path -LiteralPath $_) -and (Resolve-Path -LiteralPath $_).ProviderPath -eq $PSCommandPath }).Count -gt 0
try {
try {
    if (-not (Test-Path -LiteralPath $ModulePath)) {
        throw "The Banana module is not built yet ($ModulePath). Build it once with: dotnet pwsh ./build.ps1 -Task Build"
    }
    Import-Module $ModulePath -Force

    $summary = $null
    # The module reads .env from the current folder, with the same rules as every Banana cmdlet (comments, quoted
    # values, one backup key a line); running from here makes that the .env next to this script. The environment wins.
    Push-Location -LiteralPath $PSScriptRoot
    try {
        # Results stream to the screen as jobs finish (one table); the summary is kept for the end.
        # -ErrorAction Continue: one failed job is reported and the batch goes on; only batch-wide errors stop it.
        $chosen = if ($Api) { @{ Api = $Api } } else { @{} }
        Start-BananaBatch -Path $InputPath -OutputPath $OutputPath -Model $Model -AspectRatio $AspectRatio -ThrottleLimit $ThrottleLimit @chosen -ErrorAction Continue |
            ForEach-Object {
                if ($_.PSObject.TypeNames -contains 'Banana.Engine.BatchSummary') { $summary = $_ } else { $_ }
            } | Out-Host
    }
    finally {
        Pop-Location
    }
}
catch {
    $finished = $true
    Write-Host "run_batch: $($_.Exception.Message)" -ForegroundColor Red
    exit 2
}
$finished = $true
}
finally {
    if (-not $finished) {
        # Write-Host may no longer run while the pipeline stops; the console itself still takes a line.
        [Console]::Error.WriteLine('run_batch: stopped (Ctrl+C) before the batch finished. Nothing already paid for is lost: ' +
            'run ./run_batch.ps1 again with the same folders to resume; finished jobs are skipped.')
        if ($ownsProcess) { [Environment]::Exit(130) }
        exit 130
    }
}

$summary | Format-List | Out-Host
Write-Host "Results: $($summary.OutputPath)"
Write-Host "Report:  $($summary.ReportPath)"
if ($summary.Failed -gt 0 -or $summary.Cancelled -gt 0) {
    Write-Host "$($summary.Failed) job(s) failed and $($summary.Cancelled) did not finish; run ./run_batch.ps1 again to retry them." -ForegroundColor Yellow
    exit 1
}
exit 0
