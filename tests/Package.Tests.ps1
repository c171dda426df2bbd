# Acceptance: Banana as a PowerShell user installs it: Install-PSResource from a folder repository into a
# PowerShell whose home, profile, module path and PSResourceGet settings all live in a temporary folder, the
# module imported by name and driven against the emulator; then updated in place to a newer package, under
# which a batch the older version wrote resumes without paying again. Emulator only (counts submissions).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../tools/TestImages.psm1') -Force
    $script:Target = Get-BananaTestTarget
    $script:Root = Split-Path $PSScriptRoot
    $script:Samples = Join-Path $Root 'samples/input'

    # The package build.ps1 -Task Test just made, else the newest one a -Task Package left in out/.
    $script:Package = if ($env:BANANA_PACKAGE_PATH) { Get-Item -LiteralPath $env:BANANA_PACKAGE_PATH } else {
        Get-ChildItem (Join-Path $Root 'out') -Filter 'Banana.*.nupkg' -ErrorAction SilentlyContinue |
            Sort-Object LastWriteTime | Select-Object -Last 1
    }
    if (-not $Package) { throw 'No Banana package found. Run: dotnet pwsh ./build.ps1 -Task Package' }
    $script:Version = [version]($Package.Name -replace '^Banana\.(\d+\.\d+\.\d+)\.nupkg$', '$1')

    function script:New-Sandbox([string] $Name) {
        # A user of their own: every folder PowerShell and PSResourceGet read settings from or install to. The XDG
        # folders sit where HOME implies: PSResourceGet installs under HOME/.local/share even when XDG_DATA_HOME
        # points elsewhere, while pwsh searches XDG_DATA_HOME, so the two must agree for import by name to work.
        $base = Join-Path $TestDrive $Name
        $dirs = [ordered]@{}
        foreach ($d in 'home', 'repo', 'work') { $dirs[$d] = (New-Item -ItemType Directory -Path (Join-Path $base $d)).FullName }
        $data = Join-Path $dirs.home '.local/share'
        # A lived-in home has these. .NET reports a missing one as '' and PSResourceGet would then keep its
        # repository list in ./PSResourceGet of whatever folder the first command ran in.
        foreach ($d in $data, (Join-Path $dirs.home '.config'), (Join-Path $dirs.home '.cache')) { $null = New-Item -ItemType Directory -Path $d -Force }
        $environment = @{
            HOME = $dirs.home; XDG_DATA_HOME = $data; PSModulePath = Join-Path $data 'powershell/Modules'
            XDG_CONFIG_HOME = Join-Path $dirs.home '.config'; XDG_CACHE_HOME = Join-Path $dirs.home '.cache'
            POWERSHELL_TELEMETRY_OPTOUT = '1'; POWERSHELL_UPDATECHECK = 'Off'
            BANANA_TEST_REPO = $dirs.repo; BANANA_TEST_BASEURI = $Target.BaseUri.AbsoluteUri; BANANA_TEST_KEY = $Target.ApiKey
        }
        if ($IsWindows) {
            # Only on Windows: elsewhere PSResourceGet takes a set LOCALAPPDATA as its settings folder, even a relative one.
            $environment.USERPROFILE = $dirs.home; $environment.LOCALAPPDATA = $data; $environment.APPDATA = $environment.XDG_CONFIG_HOME
            $environment.PSModulePath = Join-Path $dirs.home 'Documents/PowerShell/Modules'
        }
        [pscustomobject]@{ Dirs = $dirs; Environment = $environment; RepositoryName = "BananaTest$([guid]::NewGuid().ToString('N').Substring(0, 8))" }
    }

    function script:Invoke-AsUser($Sandbox, [string] $Script) {
        # Runs the script in a fresh PowerShell as the sandbox's user; returns what it printed as 'RESULT:<json>'.
        $prelude = "`$ErrorActionPreference = 'Stop'; `$ProgressPreference = 'SilentlyContinue'; `$repoName = '$($Sandbox.RepositoryName)'`n"
        $run = Invoke-BananaChildProcess -Script ($prelude + $Script) -WorkingDirectory $Sandbox.Dirs.work -Environment $Sandbox.Environment
        $line = ($run.Output -split "`r?`n") | Where-Object { $_ -like 'RESULT:*' } | Select-Object -Last 1
        if ($run.ExitCode -ne 0 -or -not $line) {
            throw "The child PowerShell failed (exit code $($run.ExitCode)).`n$($run.Output)`n$($run.Error)"
        }
        $line.Substring('RESULT:'.Length) | ConvertFrom-Json
    }

    # What the sandbox user types: register the team's folder, install, import by name.
    $script:InstallScript = @'
Register-PSResourceRepository -Name $repoName -Uri $env:BANANA_TEST_REPO -Trusted
Install-PSResource -Name Banana -Repository $repoName -Scope CurrentUser
Import-Module Banana
'@
    # What it reports back about the module it got.
    $script:DescribeModule = @'
$module = Get-Module Banana
$dll = [Reflection.AssemblyName]::GetAssemblyName((Get-Command Start-BananaBatch).ImplementingType.Assembly.Location)
$facts = [ordered]@{
    ModuleBase = $module.ModuleBase; Version = "$($module.Version)"; AssemblyVersion = "$($dll.Version)"
    Repositories = @(Get-PSResourceRepository | ForEach-Object Uri | ForEach-Object LocalPath)
}
'@
}

AfterAll {
    Close-BananaTestTarget -Target $Target
}

Describe 'The Banana package' -Tag 'Package' {
    It 'holds the module as Build lays it out, and nothing an installed module has no use for' {
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [IO.Compression.ZipFile]::OpenRead($Package.FullName)
        try { $entries = @($zip.Entries.FullName) } finally { $zip.Dispose() }

        $entries | Should -Contain 'Banana.psd1'
        $entries | Should -Contain 'Banana.psm1'
        foreach ($build in 'bin/desktop', 'bin/core/linux-x64', 'bin/core/win-x64', 'bin/core/osx-arm64') {
            $entries | Should -Contain "$build/Banana.PowerShell.dll"
            $entries | Should -Contain "$build/Dependencies/Banana.Engine.dll"
        }
        $entries | Should -Contain 'en-US/about_Banana.help.txt'
        $entries | Should -Contain 'LICENSE'
        $entries | Where-Object { $_ -match '\.pdb$|Tests?\b|\.trx$|\.ps1$' } | Should -BeNullOrEmpty
        $entries | Where-Object { $_ -match 'System\.Management\.Automation' } | Should -BeNullOrEmpty
        # libSkiaSharp for exactly the systems README's "Package size" names, once at the module's root for both
        # builds, and nothing else native anywhere.
        $natives = @($entries | Where-Object { $_ -match '(^|/)runtimes/|libSkiaSharp' } | Sort-Object)
        $natives | Should -Be @(
            'runtimes/linux-arm64/native/libSkiaSharp.so'
            'runtimes/linux-x64/native/libSkiaSharp.so'
            'runtimes/osx/native/libSkiaSharp.dylib'
            'runtimes/win-arm64/native/libSkiaSharp.dll'
            'runtimes/win-x64/native/libSkiaSharp.dll'
        )
    }
}

Describe 'One version, one changelog' -Tag 'Package' {
    BeforeAll {
        Import-Module (Join-Path $Root 'tools/PackageTools.psm1') -Force
        function script:New-ChangelogRoot([string] $Name, [string] $Changelog) {
            $dir = (New-Item -ItemType Directory -Path (Join-Path $TestDrive $Name)).FullName
            Set-Content -LiteralPath (Join-Path $dir 'CHANGELOG.md') -Value $Changelog -Encoding utf8
            $dir
        }
    }

    It 'gives the built module, its assemblies and the package the version in Directory.Build.props' {
        $version = Get-BananaVersion -Root $Root
        "$script:Version" | Should -Be $version
        $modulePath = $Target.ModulePath
        (Import-PowerShellDataFile $modulePath).ModuleVersion | Should -Be $version
        $builds = Get-ChildItem -Path (Join-Path (Split-Path $modulePath) 'bin') -Recurse -Filter 'Banana.*.dll'
        $builds | Should -Not -BeNullOrEmpty
        foreach ($dll in $builds) {
            [Reflection.AssemblyName]::GetAssemblyName($dll.FullName).Version | Should -Be ([version]"$version.0") -Because $dll.FullName
        }
    }

    It 'takes the notes of exactly that version, and refuses a release the changelog does not describe' {
        $dir = New-ChangelogRoot 'notes' "# Changelog`n`n## [Unreleased]`n- next thing`n`n## [1.2.0] - 2026-01-02`n- it's new`n`n## [1.1.0] - 2026-01-01`n- old`n`n[1.2.0]: https://example.invalid/1.2.0"
        Get-BananaReleaseNotes -Root $dir -Version '1.2.0' | Should -Be "- it's new"
        Get-BananaReleaseNotes -Root $dir -Version '1.3.0' -AllowUnreleased | Should -Be '- next thing'
        { Get-BananaReleaseNotes -Root $dir -Version '1.3.0' } | Should -Throw '*no notes for version 1.3.0*'
    }

    It 'stamps the version and notes into the manifest, quotes and all' {
        $dest = Join-Path $TestDrive 'Banana.psd1'
        $notes = "- it's fixed`n- ""quoted"" and `$dollar"
        Write-BananaManifest -Source (Join-Path $Root 'Banana.psd1') -Destination $dest -Version '3.4.5' -ReleaseNotes $notes
        $data = Import-PowerShellDataFile $dest
        $data.ModuleVersion | Should -Be '3.4.5'
        $data.PrivateData.PSData.ReleaseNotes | Should -Be $notes
    }
}

Describe 'Install-PSResource Banana from a folder repository' -Tag 'Package' {
    BeforeEach {
        Reset-BananaEmulator -Uri $Target.BaseUri
    }

    It 'installs into the user''s own module folder, imports by name, runs the pipeline and a batch, and prepares a phone photo with the packaged SkiaSharp' {
        $box = New-Sandbox 'install'
        Copy-Item -LiteralPath $Package.FullName -Destination $box.Dirs.repo
        Copy-Item -LiteralPath $Samples -Destination (Join-Path $box.Dirs.work 'input') -Recurse
        # A camera-sized photo, turned by its EXIF tag: preparing it needs SkiaSharp's native library from the package.
        [IO.File]::WriteAllBytes((Join-Path $box.Dirs.work 'phone.jpg'), [Banana.TestSupport.TestPhotos]::OrientedJpeg(6000, 4000, 6, 90, $false))

        $result = Invoke-AsUser $box ($InstallScript + "`n" + $DescribeModule + "`n" + @'
$conn = @{ BaseUri = $env:BANANA_TEST_BASEURI; ApiKey = $env:BANANA_TEST_KEY }
$generated = @(Get-ChildItem input/image | Send-BananaImage @conn | Invoke-BananaGenerate -Prompt 'a calm pose' -OutputPath piped @conn)
$batch = @(Start-BananaBatch -Path input -OutputPath batch @conn)
$facts.Generated = @($generated | ForEach-Object { "$($_.Status)" })
$facts.PipedFiles = @(Get-ChildItem piped -Filter *.png).Count
$facts.BatchSucceeded = ($batch | Where-Object { $_.PSObject.TypeNames -contains 'Banana.Engine.BatchSummary' }).Succeeded
$facts.BatchFiles = @(Get-ChildItem batch -Filter *.png).Count
$facts.AboutTopic = (Get-Help about_Banana | Out-String)
$phone = Send-BananaImage -LiteralPath phone.jpg @conn
$facts.Phone = [ordered]@{ Resized = $phone.Resized; Size = "$($phone.Width)x$($phone.Height)"; Bytes = $phone.Bytes }
'RESULT:' + ($facts | ConvertTo-Json -Compress -Depth 4)
'@)

        $result.ModuleBase | Should -BeLike "$($box.Dirs.home)*" -Because 'Install-PSResource -Scope CurrentUser must install into the sandbox user''s modules'
        $result.Version | Should -Be "$Version"
        $result.AssemblyVersion | Should -Be "$Version.0" -Because 'the assemblies carry the package''s version'
        ($result.Repositories -join ';') | Should -Match ([regex]::Escape($box.Dirs.repo))
        $result.Generated | Should -HaveCount 4
        $result.Generated | Sort-Object -Unique | Should -Be 'Succeeded'
        $result.PipedFiles | Should -Be 4
        $result.BatchSucceeded | Should -Be 8
        $result.BatchFiles | Should -Be 8
        $result.AboutTopic | Should -Match 'RESUMING A BATCH'
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).submissions | Should -Be 12
        $result.Phone.Resized | Should -BeTrue -Because 'the installed module decodes and shrinks a 6000x4000 photo'
        $result.Phone.Size | Should -Be '1365x2048' -Because 'it is turned upright by its EXIF orientation and its long edge is 2048'
        $result.Phone.Bytes | Should -BeLessOrEqual 5MB

        $manifest = Import-PowerShellDataFile (Join-Path $result.ModuleBase 'Banana.psd1')
        $manifest.ModuleVersion | Should -Be "$Version"
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $manifest.PowerShellVersion | Should -Be '5.1'
        $manifest.PrivateData.PSData.ProjectUri | Should -Not -BeNullOrEmpty
        $manifest.PrivateData.PSData.LicenseUri | Should -Not -BeNullOrEmpty
        $manifest.PrivateData.PSData.Tags | Should -Contain 'nano-banana'
        $manifest.PrivateData.PSData.ReleaseNotes | Should -Match 'Start-BananaBatch' -Because 'the notes come from CHANGELOG.md'

        # The developer's own PSResourceGet settings never saw the sandbox's repository.
        $realStore = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'PSResourceGet/PSResourceRepository.xml'
        if (Test-Path -LiteralPath $realStore) { Get-Content -Raw -LiteralPath $realStore | Should -Not -Match $box.RepositoryName }
    }
}

Describe 'Update-PSResource Banana to a newer package' -Tag 'Package' {
    BeforeAll {
        # The same source built as the next patch version: module, assemblies and package all say so.
        $script:NewVersion = [version]::new($Version.Major, $Version.Minor, $Version.Build + 1)
        $newOut = Join-Path $TestDrive 'newer'
        $pwsh = Get-PwshInvocation
        $log = & $pwsh.FilePath @($pwsh.Prefix) -NoProfile -NonInteractive -File (Join-Path $Root 'build.ps1') `
            -Task Package -Version "$NewVersion" -OutPath $newOut *>&1
        if ($LASTEXITCODE -ne 0) { throw "Building the $NewVersion package failed:`n$($log -join "`n")" }
        $script:NewPackage = Join-Path $newOut "Banana.$NewVersion.nupkg"
    }

    BeforeEach {
        Reset-BananaEmulator -Uri $Target.BaseUri
    }

    It 'replaces the loaded version in place, and a batch the older version wrote resumes without submitting again' {
        $NewPackage | Should -Exist
        $box = New-Sandbox 'update'
        Copy-Item -LiteralPath $Package.FullName -Destination $box.Dirs.repo
        Copy-Item -LiteralPath $Samples -Destination (Join-Path $box.Dirs.work 'input') -Recurse
        $batch = @'
$run = @(Start-BananaBatch -Path input -OutputPath batch -BaseUri $env:BANANA_TEST_BASEURI -ApiKey $env:BANANA_TEST_KEY)
$summary = $run | Where-Object { $_.PSObject.TypeNames -contains 'Banana.Engine.BatchSummary' }
$facts.Succeeded = $summary.Succeeded; $facts.Skipped = $summary.Skipped; $facts.Failed = $summary.Failed
'RESULT:' + ($facts | ConvertTo-Json -Compress -Depth 4)
'@
        $older = Invoke-AsUser $box ($InstallScript + "`n" + $DescribeModule + "`n" + $batch)
        $older.Version | Should -Be "$Version"
        $older.Succeeded | Should -Be 8
        $paid = (Get-BananaEmulatorStats -Uri $Target.BaseUri).submissions
        $paid | Should -Be 8

        Copy-Item -LiteralPath $NewPackage -Destination $box.Dirs.repo
        $newer = Invoke-AsUser $box ("Update-PSResource -Name Banana -Repository `$repoName -Scope CurrentUser`nImport-Module Banana`n" + $DescribeModule + "`n" + $batch)

        $newer.Version | Should -Be "$NewVersion" -Because 'Import-Module by name takes the newest installed version'
        $newer.AssemblyVersion | Should -Be "$NewVersion.0"
        $newer.ModuleBase | Should -BeLike "$($box.Dirs.home)*"
        $newer.Skipped | Should -Be 8 -Because 'every job the older version finished is in its manifest'
        $newer.Succeeded | Should -Be 0
        $newer.Failed | Should -Be 0
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).submissions | Should -Be $paid -Because 'a resumed batch pays for nothing twice'
        @(Get-ChildItem (Join-Path $box.Dirs.work 'batch') -Filter '*.png') | Should -HaveCount 8
    }
}
