# Runs the Pester acceptance suite in this (fresh) process and writes its counts for build.ps1 to add up.
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $TestPath,
    [Parameter(Mandatory)] [string] $SummaryPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force

$config = New-PesterConfiguration
$config.Run.Path = $TestPath
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
# No NUnit XML: nothing reads it, and Pester's writer throws on a failure message holding a control character (a
# coloured table quoted in -Because), which lost the counts of the whole run and let a failing suite pass.
$config.TestResult.Enabled = $false

try {
    $result = Invoke-Pester -Configuration $config
    # A container that failed to even load (syntax error, BeforeAll throw) counts as a failure.
    $failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    $counts = [pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount }
}
catch {
    Write-Host "Pester itself failed: $_"
    $counts = [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
}
$counts | ConvertTo-Json | Set-Content -LiteralPath $SummaryPath -Encoding utf8
