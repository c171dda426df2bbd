#Requires -Version 7.0
<#
.SYNOPSIS
    Builds, tests, demonstrates and benchmarks the Banana module.
.DESCRIPTION
    Build  compiles the solution and lays the module out in out/Banana (importable as-is).
    Test   builds, starts the emulator, runs the xunit and Pester suites and prints one line
           'N passed, N failed' (both suites added together). Exits non-zero on any failure.
    Demo   builds, starts the emulator and runs the old three-step workflow on samples/:
           upload test, one test generation, then the whole batch.
    Bench  measures batch wall time against the ideal, and memory for a large batch.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Demo
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Where the module, test results, demo and benchmark output go (default: out/).
    [string] $OutPath = (Join-Path $PSScriptRoot 'out')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'tools/BuildTools.psm1') -Force

$paths = Get-BananaPaths -Root $PSScriptRoot -Configuration $Configuration -Out ([IO.Path]::GetFullPath($OutPath))

switch ($Task) {
    'Build' {
        Invoke-BananaBuild -Paths $paths
    }
    'Test' {
        Invoke-BananaBuild -Paths $paths
        $counts = Invoke-BananaTests -Paths $paths
        # The last line is what CI reads.
        $line = "$($counts.Passed) passed, $($counts.Failed) failed"
        if ($counts.Skipped) { $line += ", $($counts.Skipped) skipped" }
        Write-Host $line
        if ($counts.Failed -gt 0 -or $counts.Passed -eq 0) { exit 1 }
    }
    'Demo' {
        Invoke-BananaBuild -Paths $paths
        Invoke-BananaDemo -Paths $paths
    }
    'Bench' {
        Invoke-BananaBuild -Paths $paths
        Invoke-BananaBench -Paths $paths
    }
}
