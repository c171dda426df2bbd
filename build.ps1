#Requires -Version 7.0
<#
.SYNOPSIS
    Builds, tests, demonstrates and benchmarks the Banana module.
.DESCRIPTION
    Build   compiles the solution and lays the module out in out/Banana (importable as-is), its manifest
            stamped with the version (VersionPrefix in Directory.Build.props) and that version's CHANGELOG.md notes.
    Package builds, then writes out/Banana.<version>.nupkg: the laid-out module without debug symbols, ready for
            Install-PSResource from a folder repository (or for the Gallery).
    Test    builds and packages, starts the emulator, runs the xunit and Pester suites and prints one line
            'N passed, N failed' (both suites added together). Exits non-zero on any failure.
    Demo   builds, starts the emulator and runs the old three-step workflow on samples/:
           upload test, one test generation, then the whole batch.
    Bench  measures batch wall time against the ideal, and memory for a large batch.
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Demo
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Package -Version 0.2.0 -OutPath /tmp/preview
    A preview package: module, assemblies and package carry 0.2.0, built apart from bin/.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Package', 'Test', 'Demo', 'Bench')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Where the module, test results, demo and benchmark output go (default: out/).
    [string] $OutPath = (Join-Path $PSScriptRoot 'out'),

    # Overrides the version in Directory.Build.props for this build only (Build and Package): a preview or
    # test package. Its release notes come from CHANGELOG.md's [Unreleased] section unless it has its own.
    [ValidatePattern('^\d+\.\d+\.\d+$')]
    [string] $Version
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'tools/BuildTools.psm1') -Force

if ($Version -and $Task -notin 'Build', 'Package') {
    throw "-Version builds a module on its own for Build or Package; $Task runs the tests and tools against the repository's version."
}
$paths = Get-BananaPaths -Root $PSScriptRoot -Configuration $Configuration -Out ([IO.Path]::GetFullPath($OutPath)) -Version $Version

switch ($Task) {
    'Build' {
        Invoke-BananaBuild -Paths $paths
    }
    'Package' {
        Invoke-BananaBuild -Paths $paths
        $null = Invoke-BananaPackage -Paths $paths
    }
    'Test' {
        Invoke-BananaBuild -Paths $paths
        $package = Invoke-BananaPackage -Paths $paths
        $counts = Invoke-BananaTests -Paths $paths -PackagePath $package
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
