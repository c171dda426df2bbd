# The tasks behind build.ps1. Each function does one task; build.ps1 only chooses.
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'EmulatorProcess.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'PackageTools.psm1') -Force

# Assemblies that must not travel with the module: PowerShell brings its own, and the loader facade is in-box.
$script:NotShipped = @('System.Management.Automation.dll', 'System.Runtime.Loader.dll')

function Get-BananaPaths {
    <#
    .SYNOPSIS
        Where everything goes. A -Version other than Directory.Build.props' builds the module on its own under
        Out/artifacts, so a preview never overwrites the bin/ folders the tests and the emulator run from.
    #>
    param(
        [Parameter(Mandatory)] [string] $Root,
        [Parameter(Mandatory)] [string] $Configuration,
        [Parameter(Mandatory)] [string] $Out,
        [string] $Version
    )
    $out = $Out
    $releaseVersion = Get-BananaVersion -Root $Root
    $isolated = [bool]$Version -and $Version -ne $releaseVersion
    $artifacts = Join-Path $out 'artifacts'
    [pscustomobject]@{
        Root          = $Root
        Configuration = $Configuration
        Out           = $out
        Version       = if ($Version) { $Version } else { $releaseVersion }
        Isolated      = $isolated
        Artifacts     = $artifacts
        Module        = Join-Path $out 'Banana'
        Manifest      = Join-Path $out 'Banana/Banana.psd1'
        TestResults   = Join-Path $out 'TestResults'
        CmdletBin     = if ($isolated) { Join-Path $artifacts "bin/Banana.PowerShell/$($Configuration.ToLowerInvariant())" }
                        else { Join-Path $Root "src/Banana.PowerShell/bin/$Configuration/netstandard2.0" }
        EmulatorDll   = Join-Path $Root "src/Banana.Emulator/bin/$Configuration/net10.0/Banana.Emulator.dll"
        # Test images and the browser driver, shared by xunit, Pester and the benchmark (tools/TestImages.psm1 loads it).
        TestSupportDll = Join-Path $Root "tests/Banana.TestSupport/bin/$Configuration/net10.0/Banana.TestSupport.dll"
        # The report benchmark (tools/ReportBench): 1,000 2K results opened in headless Chromium.
        ReportBenchDll = Join-Path $Root "tools/ReportBench/bin/$Configuration/net10.0/ReportBench.dll"
    }
}

function Invoke-Native {
    <# Runs a native command and throws when it fails, so a broken step never looks like success. #>
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @())
    & $FilePath @ArgumentList | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$FilePath $($ArgumentList -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-BananaBuild {
    param([Parameter(Mandatory)] $Paths)
    Write-Host "Building Banana $($Paths.Version) ($($Paths.Configuration))..."
    # Release notes first: a version the changelog does not describe fails before minutes of compiling.
    $notes = Get-BananaReleaseNotes -Root $Paths.Root -Version $Paths.Version -AllowUnreleased:$Paths.Isolated
    $common = @('-c', $Paths.Configuration, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    if ($Paths.Isolated) {
        Invoke-Native dotnet (@('build', (Join-Path $Paths.Root 'src/Banana.PowerShell/Banana.PowerShell.csproj'),
            '--artifacts-path', $Paths.Artifacts, "-p:VersionPrefix=$($Paths.Version)") + $common)
    }
    else {
        Invoke-Native dotnet (@('build', (Join-Path $Paths.Root 'Banana.sln')) + $common)
    }

    # Module layout: the cmdlet assembly, manifest, formats and help at the top; every private
    # dependency in Dependencies/, loaded in isolation by the module's initializer.
    $module = $Paths.Module
    if (Test-Path $module) { Remove-Item $module -Recurse -Force }
    $deps = New-Item -ItemType Directory -Path (Join-Path $module 'Dependencies') -Force
    $null = New-Item -ItemType Directory -Path (Join-Path $module 'en-US') -Force

    Write-BananaManifest -Source (Join-Path $Paths.Root 'Banana.psd1') -Destination $Paths.Manifest -Version $Paths.Version -ReleaseNotes $notes
    Copy-Item (Join-Path $Paths.Root 'src/Banana.PowerShell/Banana.format.ps1xml') $module
    Copy-Item (Join-Path $Paths.Root 'LICENSE') $module
    Copy-Item (Join-Path $Paths.Root 'src/Banana.PowerShell/en-US/*') (Join-Path $module 'en-US')
    # Windows PowerShell 5.1 looks for help only under the UI culture: give Chinese systems the same text.
    Copy-Item (Join-Path $module 'en-US') (Join-Path $module 'zh-CN') -Recurse
    foreach ($file in Get-ChildItem $Paths.CmdletBin -File) {
        if ($file.Name -like 'Banana.PowerShell.*') { Copy-Item $file.FullName $module }
        elseif ($file.Extension -in '.dll', '.pdb' -and $file.Name -notin $script:NotShipped) { Copy-Item $file.FullName $deps }
    }
    # Native libraries (libSkiaSharp) for Windows, Linux and macOS, as runtimes/<rid>/native/: the module's loaders
    # pick the one for the running system (src/Banana.PowerShell/Loading/NativeLibraries.cs).
    $runtimes = Join-Path $Paths.CmdletBin 'runtimes'
    if (-not (Test-Path $runtimes)) { throw "No native libraries under ${runtimes}: the build did not copy SkiaSharp's native assets." }
    # Files only: a folder emptied of a system no longer shipped is not carried along.
    foreach ($native in Get-ChildItem $runtimes -Recurse -File) {
        $target = Join-Path $deps ([IO.Path]::GetRelativePath($Paths.CmdletBin, $native.FullName))
        $null = New-Item -ItemType Directory -Path (Split-Path $target) -Force
        Copy-Item -LiteralPath $native.FullName -Destination $target
    }
    Write-Host "Module laid out in $module"
}

function Invoke-BananaPackage {
    <# Packs the laid-out module into Out/Banana.<version>.nupkg, ready for a folder repository or the Gallery. #>
    param([Parameter(Mandatory)] $Paths)
    $nupkg = New-BananaPackage -ModulePath $Paths.Module -Destination $Paths.Out -StagingPath (Join-Path $Paths.Out 'package')
    Write-Host "Package written: $nupkg"
    $nupkg
}

function Get-NuGetPackagesFolder {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = (& dotnet nuget locals global-packages --list) -join ''
    ($line -replace '^.*global-packages:\s*', '').Trim()
}

function Get-PesterManifest {
    param([Parameter(Mandatory)] $Paths)
    $manifest = Join-Path (Get-NuGetPackagesFolder) 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $manifest)) {
        # Pester is not on the PowerShell Gallery here: a tools project downloads it from NuGet.
        Invoke-Native dotnet @('restore', (Join-Path $Paths.Root 'tools/Banana.Tools.csproj'), '--nologo', '-v', 'quiet')
    }
    $manifest
}

function Read-TrxCounts {
    param([string] $Folder)
    $counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    foreach ($trx in Get-ChildItem $Folder -Filter *.trx -ErrorAction SilentlyContinue) {
        $c = ([xml](Get-Content -Raw -LiteralPath $trx.FullName)).TestRun.ResultSummary.Counters
        $counts.Passed += [int]$c.passed
        $counts.Failed += [int]$c.failed + [int]$c.error + [int]$c.timeout
        $counts.Skipped += [int]$c.notExecuted
    }
    [pscustomobject]$counts
}

function Invoke-BananaTests {
    <# Runs xunit, then Pester in a fresh process against one shared emulator; returns the added counts. #>
    param([Parameter(Mandatory)] $Paths, [string] $PackagePath)
    $results = $Paths.TestResults
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $results -Force

    Write-Host "`n=== xunit ==="
    & dotnet test (Join-Path $Paths.Root 'Banana.sln') -c $Paths.Configuration --no-build --nologo `
        --logger 'trx' --logger 'console;verbosity=minimal' --results-directory $results | Out-Host
    $xunit = Read-TrxCounts $results
    if ($LASTEXITCODE -ne 0 -and $xunit.Failed -eq 0) { $xunit.Failed = 1 } # the runner itself broke

    Write-Host "`n=== Pester ==="
    $pesterManifest = Get-PesterManifest -Paths $Paths
    $emulator = Start-BananaEmulator -EmulatorDll $Paths.EmulatorDll
    $summaryPath = Join-Path $results 'pester-summary.json'
    Remove-Item -LiteralPath $summaryPath -ErrorAction SilentlyContinue   # a summary of an earlier run must never count
    try {
        $pwsh = Get-PwshInvocation
        $env:BANANA_EMULATOR_URL = $emulator.Uri.AbsoluteUri
        $env:BANANA_MODULE_PATH = $Paths.Manifest
        $env:BANANA_TESTSUPPORT_DLL = $Paths.TestSupportDll
        $env:BANANA_PACKAGE_PATH = $PackagePath
        & $pwsh.FilePath @($pwsh.Prefix) -NoProfile -NonInteractive -File (Join-Path $Paths.Root 'tools/Invoke-PesterSuite.ps1') `
            -PesterManifest $pesterManifest -TestPath (Join-Path $Paths.Root 'tests') -SummaryPath $summaryPath | Out-Host
    }
    finally {
        Remove-Item Env:BANANA_EMULATOR_URL, Env:BANANA_MODULE_PATH, Env:BANANA_TESTSUPPORT_DLL, Env:BANANA_PACKAGE_PATH -ErrorAction SilentlyContinue
        Stop-BananaEmulator -Emulator $emulator
    }
    $pester = if (Test-Path $summaryPath) { Get-Content -Raw $summaryPath | ConvertFrom-Json }
    if ($null -eq $pester -or $pester.Passed -isnot [long] -and $pester.Passed -isnot [int]) {
        # No counts means the suite did not finish: that is a failure, never a pass.
        $pester = [pscustomobject]@{ Passed = 0; Failed = 1; Skipped = 0 }
    }

    Write-Host "`nxunit: $($xunit.Passed) passed, $($xunit.Failed) failed, $($xunit.Skipped) skipped"
    Write-Host "Pester: $($pester.Passed) passed, $($pester.Failed) failed, $($pester.Skipped) skipped"
    [pscustomobject]@{
        Passed  = $xunit.Passed + $pester.Passed
        Failed  = $xunit.Failed + $pester.Failed
        Skipped = $xunit.Skipped + $pester.Skipped
    }
}

function Invoke-BananaDemo {
    <# The old three-step workflow (upload test, one generation, the batch) on samples/, against the emulator. #>
    param([Parameter(Mandatory)] $Paths)
    $emulator = Start-BananaEmulator -EmulatorDll $Paths.EmulatorDll -ArgumentList @(
        '--generation-latency-ms', '1500', '--upload-latency-ms', '200', '--download-latency-ms', '100')
    try {
        $pwsh = Get-PwshInvocation
        & $pwsh.FilePath @($pwsh.Prefix) -NoProfile -File (Join-Path $Paths.Root 'tools/Demo.ps1') `
            -ModuleManifest $Paths.Manifest -BaseUri $emulator.Uri.AbsoluteUri `
            -SamplesPath (Join-Path $Paths.Root 'samples/input') -OutputPath (Join-Path $Paths.Out 'demo')
        if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
    }
    finally {
        Stop-BananaEmulator -Emulator $emulator
    }
}

function Invoke-BananaBench {
    param([Parameter(Mandatory)] $Paths)
    $pwsh = Get-PwshInvocation
    $env:BANANA_TESTSUPPORT_DLL = $Paths.TestSupportDll
    try {
        & $pwsh.FilePath @($pwsh.Prefix) -NoProfile -File (Join-Path $Paths.Root 'tools/Bench.ps1') `
            -ModuleManifest $Paths.Manifest -EmulatorDll $Paths.EmulatorDll -WorkPath (Join-Path $Paths.Out 'bench') `
            -ReportBenchDll $Paths.ReportBenchDll
        if ($LASTEXITCODE -ne 0) { throw "The benchmark failed (exit code $LASTEXITCODE)." }
    }
    finally {
        Remove-Item Env:BANANA_TESTSUPPORT_DLL -ErrorAction SilentlyContinue
    }
}

Export-ModuleMember -Function Get-BananaPaths, Invoke-BananaBuild, Invoke-BananaPackage, Invoke-BananaTests, Invoke-BananaDemo, Invoke-BananaBench
