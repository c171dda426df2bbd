#Requires -Version 7.0
<#
.SYNOPSIS
    Runs the whole test suite several times in a row while busy loops hog the CPU, and prints each run's counts and
    wall time next to one idle run: the suite must pass on a loaded machine, not only on an idle one.
.DESCRIPTION
    Each busy loop is a separate PowerShell spinning on one core at normal priority, started before a run and
    stopped after the last. The figures are for the note of a change that touches timing; nothing here is a test.
.EXAMPLE
    dotnet pwsh ./tools/Test-UnderLoad.ps1 -Runs 3 -BusyLoops 2
#>
[CmdletBinding()]
param(
    [int] $Runs = 3,
    [int] $BusyLoops = 2,
    # Also time one run with no busy loop first (the machine's other load is whatever it is).
    [switch] $IdleFirst
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
Import-Module (Join-Path $PSScriptRoot 'EmulatorProcess.psm1') -Force
$pwsh = Get-PwshInvocation

function Invoke-SuiteOnce([string] $Label) {
    $log = Join-Path $root "out/under-load-$Label.log"
    $null = New-Item -ItemType Directory -Path (Split-Path $log) -Force
    $watch = [Diagnostics.Stopwatch]::StartNew()
    & $pwsh.FilePath @($pwsh.Prefix) -NoProfile -NonInteractive -File (Join-Path $root 'build.ps1') -Task Test *> $log
    $exit = $LASTEXITCODE
    $watch.Stop()
    $counts = Select-String -LiteralPath $log -Pattern '^(\d+) passed, (\d+) failed' | Select-Object -Last 1
    [pscustomobject]@{
        Run     = $Label
        Minutes = [Math]::Round($watch.Elapsed.TotalMinutes, 2)
        Result  = if ($counts) { $counts.Line } else { 'no counts (see the log)' }
        Exit    = $exit
        Log     = $log
    }
}

$results = [Collections.Generic.List[object]]::new()
if ($IdleFirst) { $results.Add((Invoke-SuiteOnce 'idle')) }

$loops = foreach ($i in 1..$BusyLoops) {
    $info = [Diagnostics.ProcessStartInfo]::new($pwsh.FilePath)
    foreach ($a in @($pwsh.Prefix) + @('-NoProfile', '-NonInteractive', '-Command', 'while ($true) { $null = 1 + 1 }')) { $info.ArgumentList.Add($a) }
    [Diagnostics.Process]::Start($info)
}
try {
    foreach ($n in 1..$Runs) { $results.Add((Invoke-SuiteOnce "loaded-$n")) }
}
finally {
    foreach ($loop in $loops) { if (-not $loop.HasExited) { $loop.Kill($true) } }
}

$results | Format-Table Run, Minutes, Result, Exit -AutoSize | Out-Host
$failed = @($results | Where-Object { $_.Exit -ne 0 })
if ($failed) { Write-Host "$($failed.Count) run(s) failed; see their logs."; exit 1 }
