# The tasks behind build.ps1. Each function does one task; build.ps1 only chooses.
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot 'EmulatorProcess.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'PackageTools.psm1') -Force

# Assemblies that must not travel with the module: PowerShell brings its own, and the loader facade is in-box.
$script:NotShipped = @('System.Management.Automation.dll', 'System.Runtime.Loader.dll')

# The platforms whose PowerShell 7.6 gets the cmdlets precompiled (ReadyToRun): precompiled code is specific to an
# operating system and processor, and only the .NET major version it was compiled for runs it. Elsewhere PowerShell 7.6
# loads the linux-x64 copy and compiles it as it runs (every copy carries the full IL).
$script:ReadyToRunRuntimes = @('linux-x64', 'win-x64', 'osx-arm64')
$script:CoreFramework = 'net10.0'

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
        # The netstandard2.0 build (Windows PowerShell 5.1).
        CmdletBin     = if ($isolated) { Join-Path $artifacts "bin/Banana.PowerShell/$($Configuration.ToLowerInvariant())_netstandard2.0" }
                        else { Join-Path $Root "src/Banana.PowerShell/bin/$Configuration/netstandard2.0" }
        # Precompiled PowerShell 7.6 builds, one folder per platform (built apart from bin/ and obj/).
        ReadyToRun    = if ($isolated) { Join-Path $artifacts 'readytorun' } else { Join-Path $out 'readytorun' }
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

    # Module layout: manifest, root module, formats and help at the top; one build of the cmdlets per kind of
    # PowerShell under bin/, each with its private dependencies in Dependencies/ (loaded in isolation by the
    # module's initializer). Banana.psm1 picks the build at import.
    #   bin/desktop/       netstandard2.0, for Windows PowerShell 5.1 (and PowerShell 7 before 7.6)
    #   bin/core/<rid>/    net10.0 precompiled for one platform, for PowerShell 7.6 and later
    $module = $Paths.Module
    if (Test-Path $module) { Remove-Item $module -Recurse -Force }
    $null = New-Item -ItemType Directory -Path (Join-Path $module 'en-US') -Force

    Write-BananaManifest -Source (Join-Path $Paths.Root 'Banana.psd1') -Destination $Paths.Manifest -Version $Paths.Version -ReleaseNotes $notes
    Copy-Item (Join-Path $Paths.Root 'src/Banana.PowerShell/Banana.psm1') $module
    Copy-Item (Join-Path $Paths.Root 'src/Banana.PowerShell/Banana.format.ps1xml') $module
    Copy-Item (Join-Path $Paths.Root 'LICENSE') $module
    Copy-Item (Join-Path $Paths.Root 'src/Banana.PowerShell/en-US/*') (Join-Path $module 'en-US')
    # Windows PowerShell 5.1 looks for help only under the UI culture: give Chinese systems the same text.
    Copy-Item (Join-Path $module 'en-US') (Join-Path $module 'zh-CN') -Recurse
    Copy-BananaBuild -From $Paths.CmdletBin -To (Join-Path $module 'bin/desktop')
    foreach ($runtime in $script:ReadyToRunRuntimes) {
        $published = Publish-BananaReadyToRun -Paths $Paths -Runtime $runtime
        Copy-BananaBuild -From $published -To (Join-Path $module "bin/core/$runtime")
    }
    # Native libraries (libSkiaSharp) for Windows, Linux and macOS, as runtimes/<rid>/native/ at the module's root, once
    # for both builds (a copy in each would add some 60 MB per build): the module's loaders pick the one for the
    # running system (src/Banana.PowerShell/Loading/NativeLibraries.cs).
    $runtimes = Join-Path $Paths.CmdletBin 'runtimes'
    if (-not (Test-Path $runtimes)) { throw "No native libraries under ${runtimes}: the build did not copy SkiaSharp's native assets." }
    # Files only: a folder emptied of a system no longer shipped is not carried along.
    foreach ($native in Get-ChildItem $runtimes -Recurse -File) {
        $target = Join-Path $module ([IO.Path]::GetRelativePath($Paths.CmdletBin, $native.FullName))
        $null = New-Item -ItemType Directory -Path (Split-Path $target) -Force
        Copy-Item -LiteralPath $native.FullName -Destination $target
    }
    Write-Host "Module laid out in $module"
}

function Copy-BananaBuild {
    <# Banana.PowerShell.* into To, every other assembly it needs into To/Dependencies. #>
    param([Parameter(Mandatory)] [string] $From, [Parameter(Mandatory)] [string] $To)
    $deps = New-Item -ItemType Directory -Path (Join-Path $To 'Dependencies') -Force
    foreach ($file in Get-ChildItem $From -File) {
        if ($file.Name -like 'Banana.PowerShell.*') { Copy-Item $file.FullName $To }
        # A platform publish also puts its native libSkiaSharp here: the module keeps those under runtimes/ instead.
        elseif ($file.Extension -in '.dll', '.pdb' -and $file.Name -notin $script:NotShipped -and $file.Name -notlike 'libSkiaSharp*') {
            Copy-Item $file.FullName $deps
        }
    }
}

function Publish-BananaReadyToRun {
    <#
    Compiles the net10.0 cmdlets, engine, client and Polly ahead of time for one platform and returns the folder.
    Built on its own (TargetFrameworks narrowed, artifacts apart): a runtime-specific restore of the netstandard2.0
    build would ask for runtime packages the old System.Runtime.Loader facade names, which the feed does not have.
    #>
    param([Parameter(Mandatory)] $Paths, [Parameter(Mandatory)] [string] $Runtime)
    $output = Join-Path $Paths.ReadyToRun "publish/$Runtime"
    if (Test-Path $output) { Remove-Item $output -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $Paths.Root 'src/Banana.PowerShell/Banana.PowerShell.csproj'),
        '-c', $Paths.Configuration, '-f', $script:CoreFramework, "-p:TargetFrameworks=$($script:CoreFramework)",
        '-r', $Runtime, '--self-contained', 'false', '-p:PublishReadyToRun=true',
        # Also precompile what our async methods instantiate from System.Private.CoreLib (their state machine boxes,
        # about a third of what was still compiled at run time); the runtime checks that IL is unchanged before use.
        '-p:PublishReadyToRunCrossgen2ExtraArgs=--opt-cross-module:System.Private.CoreLib',
        '--artifacts-path', (Join-Path $Paths.ReadyToRun 'artifacts'), '-o', $output, "-p:VersionPrefix=$($Paths.Version)",
        '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    $output
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
    <# Runs xunit beside Pester (in a fresh process against one shared emulator); returns the added counts. #>
    param([Parameter(Mandatory)] $Paths, [string] $PackagePath)
    $results = $Paths.TestResults
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $results -Force

    # xunit runs in the background while Pester runs: Pester spends most of its time waiting on child processes and
    # the emulator, so on two cores the two together take little longer than Pester alone (both suites pass under
    # load: tools/Test-UnderLoad.ps1). Its output is shown once Pester is done.
    $xunitLog = Join-Path $results 'xunit.log'
    $xunitArgs = @('test', (Join-Path $Paths.Root 'Banana.sln'), '-c', $Paths.Configuration, '--no-build', '--nologo',
        '--logger', 'trx', '--logger', 'console;verbosity=minimal', '--results-directory', $results)
    $xunitRun = Start-Process -FilePath 'dotnet' -ArgumentList $xunitArgs -NoNewWindow -PassThru `
        -RedirectStandardOutput $xunitLog -RedirectStandardError "$xunitLog.err"
    $null = $xunitRun.Handle   # keeps the exit code readable after the process ends

    Write-Host "`n=== Pester (xunit runs beside it) ==="
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
    Write-Host "`n=== xunit ==="
    $xunitRun.WaitForExit()
    Get-Content -LiteralPath $xunitLog, "$xunitLog.err" -ErrorAction SilentlyContinue | Out-Host
    $xunit = Read-TrxCounts $results
    if ($xunitRun.ExitCode -ne 0 -and $xunit.Failed -eq 0) { $xunit.Failed = 1 } # the runner itself broke

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
