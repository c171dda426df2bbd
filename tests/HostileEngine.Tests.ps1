# Acceptance for issue 11 (engine points): one batch per output folder, a full disk, stale upload references and
# hand-edited manifests, against the emulator, whose own counters say what was paid. Emulator only.
BeforeDiscovery {
    $script:IsLive = [bool]($env:GRSAI_API_KEY -and $env:GRSAI_BASE_URL)
    # The full-disk test mounts a tiny tmpfs: Linux, as root, where mount works.
    $script:CanMountTmpfs = $false
    if ($IsLinux -and -not $IsLive -and (& id -u) -eq '0') {
        $probe = Join-Path ([IO.Path]::GetTempPath()) "banana-tmpfs-probe-$PID"
        $null = New-Item -ItemType Directory -Path $probe -Force
        & mount -t tmpfs -o size=64k tmpfs $probe 2>$null
        if ($LASTEXITCODE -eq 0) { $script:CanMountTmpfs = $true; & umount $probe }
        Remove-Item -LiteralPath $probe -Force
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../tools/TestImages.psm1') -Force
    $script:Target = Get-BananaTestTarget
    Import-Module $Target.ModulePath -Force
    $script:Conn = @{ BaseUri = $Target.BaseUri; ApiKey = $Target.ApiKey }

    function script:Get-Stats { Get-BananaEmulatorStats -Uri $Target.BaseUri }

    function script:Assert-EachJobPaidOnce([int] $Jobs) {
        $stats = Get-Stats
        $stats.charges | Should -Be $Jobs
        $counts = @($stats.submissionsBySignature.PSObject.Properties.Value)
        ($counts | Measure-Object -Sum).Sum | Should -Be $stats.submissions
        $counts | ForEach-Object { $_ | Should -Be 1 -Because 'a job submitted twice with the same request was paid twice' }
    }

    function script:Start-BatchProcess([string] $In, [string] $Out, [string] $WaitFor) {
        # Another PowerShell running the same command, as a second console would; prints its summary as JSON.
        $wait = if ($WaitFor) { "while (-not (Test-Path -LiteralPath '$WaitFor')) { Start-Sleep -Milliseconds 20 }; " } else { '' }
        $script = "Import-Module '$($Target.ModulePath)'; $wait" +
            "try { `$s = Start-BananaBatch -Path '$In' -OutputPath '$Out' -BaseUri '$($Target.BaseUri)' -ApiKey '$($Target.ApiKey)' -ThrottleLimit 1 -ErrorAction Stop | " +
            "Where-Object { `$_.PSObject.TypeNames -contains 'Banana.Engine.BatchSummary' }; 'OK ' + (`$s | Select-Object Succeeded, Failed, Skipped | ConvertTo-Json -Compress); exit 0 } " +
            "catch { 'ERROR ' + `$_.FullyQualifiedErrorId + ' ' + `$_.Exception.Message; exit 3 }"
        $pwsh = Get-PwshInvocation
        $info = [Diagnostics.ProcessStartInfo]::new($pwsh.FilePath)
        foreach ($a in @($pwsh.Prefix) + @('-NoProfile', '-NonInteractive', '-Command', $script)) { $info.ArgumentList.Add($a) }
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $child = [Diagnostics.Process]::Start($info)
        [pscustomobject]@{ Process = $child; Output = $child.StandardOutput.ReadToEndAsync(); Error = $child.StandardError.ReadToEndAsync() }
    }

    function script:Wait-BatchProcess($Child) {
        if (-not $Child.Process.WaitForExit(180000)) { $Child.Process.Kill($true); throw 'the batch process did not finish' }
        $Child.Process.WaitForExit()
        [pscustomobject]@{ ExitCode = $Child.Process.ExitCode; Output = $Child.Output.Result.Trim(); Error = $Child.Error.Result }
    }
}

AfterAll {
    Close-BananaTestTarget -Target $Target
}

Describe 'One batch per output folder' -Skip:$IsLive {
    BeforeEach {
        Reset-BananaEmulator -Uri $Target.BaseUri
    }

    It 'refuses a second batch while the first runs, naming it; the first pays each job once and the rerun pays nothing' {
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ generationLatencyMs = 2500 }
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'lock-in') -ImageCount 2 -Prompts 'one pose', 'another pose'
        $out = Join-Path $TestDrive 'lock-out'
        $first = Start-BatchProcess -In $in -Out $out
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(90)
            while ((Get-Stats).submissions -lt 1) {
                if ([DateTime]::UtcNow -gt $deadline -or $first.Process.HasExited) { throw "the first batch never submitted: $($first.Output.Result) $($first.Error.Result)" }
                Start-Sleep -Milliseconds 50
            }

            $err = { Start-BananaBatch -Path $in -OutputPath $out @Conn -ErrorAction Stop } | Should -Throw -PassThru

            $err.FullyQualifiedErrorId | Should -BeLike 'BatchAlreadyRunning*'
            $err.CategoryInfo.Category | Should -Be 'ResourceBusy'
            $err.Exception.Message | Should -Match "process $($first.Process.Id) on $([regex]::Escape([Environment]::MachineName)), started \d{4}-\d\d-\d\d"
        }
        finally {
            $done = Wait-BatchProcess $first
        }

        $done.ExitCode | Should -Be 0 -Because ($done.Output + $done.Error)
        ($done.Output -replace '^OK ' | ConvertFrom-Json).Succeeded | Should -Be 4
        Assert-EachJobPaidOnce -Jobs 4
        @((Read-BananaManifest $out).jobs | Where-Object status -EQ 'succeeded') | Should -HaveCount 4
        Test-Path -LiteralPath (Join-Path $out 'report.html') | Should -BeTrue
        @(Get-ChildItem -LiteralPath $out -Filter '*.png') | Should -HaveCount 4

        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ generationLatencyMs = 0 }
        $rerun = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn)
        $rerun.Summary.Skipped | Should -Be 4
        Assert-EachJobPaidOnce -Jobs 4
    }

    It 'lets one of two batches started at the same instant run; neither says the folder is not writable' {
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ generationLatencyMs = 300 }
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'race-in') -ImageCount 2 -Prompts 'one pose', 'another pose'
        $out = Join-Path $TestDrive 'race-out'
        $go = Join-Path $TestDrive 'race-go'
        $children = @(Start-BatchProcess -In $in -Out $out -WaitFor $go; Start-BatchProcess -In $in -Out $out -WaitFor $go)
        Start-Sleep -Seconds 3   # both processes are up and polling for the go file; the outcome does not depend on it
        Set-Content -LiteralPath $go -Value 'go'
        $results = @($children | ForEach-Object { Wait-BatchProcess $_ })

        foreach ($r in $results) {
            $r.Output | Should -Not -Match 'OutputPathNotWritable'
            if ($r.ExitCode -ne 0) { $r.Output | Should -Match '^ERROR BatchAlreadyRunning' -Because ($r.Output + $r.Error) }
        }
        @($results | Where-Object ExitCode -EQ 0) | Should -Not -BeNullOrEmpty
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ generationLatencyMs = 0 }
        $final = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn)
        $final.Summary.Skipped | Should -Be 4
        Assert-EachJobPaidOnce -Jobs 4
    }
}

Describe 'Stale upload references' -Skip:$IsLive {
    It 'uploads an image again, once, when the service no longer serves its recorded upload; nothing is paid twice' {
        Reset-BananaEmulator -Uri $Target.BaseUri
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'stale-in') -ImageCount 2 -Prompts 'one pose', 'another pose'
        $out = Join-Path $TestDrive 'stale-out'
        (Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn)).Summary.Succeeded | Should -Be 4

        # The service forgets every upload (and task); the person deletes the results to have them made again.
        Reset-BananaEmulator -Uri $Target.BaseUri
        Get-ChildItem -LiteralPath $out -Filter '*.png' | Remove-Item

        $run = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn -ErrorVariable errors -ErrorAction SilentlyContinue)

        $errors | Should -BeNullOrEmpty
        $run.Summary.Succeeded | Should -Be 4
        $stats = Get-Stats
        $stats.failuresByReason.error | Should -Be 4 -Because 'each job first met the lost upload'
        $stats.uploads | Should -Be 2 -Because 'each image is uploaded again once, not once per job'
        Assert-EachJobPaidOnce -Jobs 4

        $again = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn)
        $again.Summary.Skipped | Should -Be 4
        (Get-Stats).uploads | Should -Be 2
        Assert-EachJobPaidOnce -Jobs 4
    }
}

Describe 'A result that is damaged inside' -Skip:$IsLive {
    It 'fails that job with InvalidResultImage and saves nothing for it; the other jobs succeed and nothing is paid twice' {
        Reset-BananaEmulator -Uri $Target.BaseUri
        # The storage serves one result with a byte changed in its middle, the right length and type, on every attempt
        # (the first attempt and the client's 4 retries; downloads one at a time, so all five meet the same job).
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ faults = @(@{ endpoint = 'results'; kind = 'altered-bytes'; count = 5 }) }
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'damaged-in') -ImageCount 3 -Prompts 'a calm pose'
        $out = Join-Path $TestDrive 'damaged-out'

        $run = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn -DownloadThrottleLimit 1 -ErrorVariable errors -ErrorAction SilentlyContinue)

        $stats = Get-Stats
        $stats.faultsByKind.'altered-bytes' | Should -Be 5
        $run.Summary.Succeeded | Should -Be 2
        $run.Summary.Failed | Should -Be 1
        $failed = @($run.Jobs | Where-Object Status -eq 'Failed')
        $failed | Should -HaveCount 1
        $failed[0].ErrorId | Should -Be 'InvalidResultImage'
        @($errors | Where-Object FullyQualifiedErrorId -Like 'InvalidResultImage*') | Should -HaveCount 1
        $pngs = @(Get-ChildItem -LiteralPath $out -Filter '*.png')
        $pngs | Should -HaveCount 2 -Because 'the damaged result is never saved, not even half'
        $pngs | ForEach-Object { Test-PngFile -Path $_.FullName | Should -BeTrue }
        @(Get-ChildItem -LiteralPath $out -Filter '*.partial' -Force) | Should -BeNullOrEmpty
        $row = @((Read-BananaManifest -OutputPath $out).jobs | Where-Object { $_.errorId -eq 'InvalidResultImage' })
        $row | Should -HaveCount 1
        $row[0].taskId | Should -Not -BeNullOrEmpty -Because 'the paid task is kept, so a rerun downloads it instead of paying again'
        Assert-EachJobPaidOnce -Jobs 3

        # The storage is healthy again: the rerun fetches the kept task's result and submits nothing.
        $again = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn)
        $again.Summary.Succeeded + $again.Summary.Skipped | Should -Be 3
        @(Get-ChildItem -LiteralPath $out -Filter '*.png') | Should -HaveCount 3
        Assert-EachJobPaidOnce -Jobs 3
    }
}

Describe 'A hand-edited manifest' -Skip:$IsLive {
    BeforeAll {
        Reset-BananaEmulator -Uri $Target.BaseUri
        $script:EditIn = New-TestInputFolder -Path (Join-Path $TestDrive 'edit-in') -ImageCount 1 -Prompts 'one pose', 'another pose'
        $script:EditOut = Join-Path $TestDrive 'edit-out'
        $null = Start-BananaBatch -Path $EditIn -OutputPath $EditOut @Conn
        $script:Pristine = Get-Content -Raw -LiteralPath (Join-Path $EditOut 'banana-manifest.json')
    }

    It 'names the row, says what to do, and spends nothing: <Label>' -ForEach @(
        @{ Label = 'a null row'; Edit = { param($m) $m.jobs[1] = $null }; Expect = "row 2 of 'jobs' is null" }
        @{ Label = 'a null id'; Edit = { param($m) $m.jobs[1].id = $null }; Expect = "row 2 of 'jobs' has no id" }
        @{ Label = 'the manifest as output'; Edit = { param($m) $m.jobs[1].outputName = 'banana-manifest.json' }; Expect = "the batch's own file" }
        @{ Label = 'an unknown status'; Edit = { param($m) $m.jobs[1].status = 'paid' }; Expect = 'jobs\[1\]\.status' }
    ) {
        $manifest = $Pristine | ConvertFrom-Json
        & $Edit $manifest
        $manifest | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath (Join-Path $EditOut 'banana-manifest.json') -Encoding utf8
        Reset-BananaEmulator -Uri $Target.BaseUri

        $err = { Start-BananaBatch -Path $EditIn -OutputPath $EditOut @Conn -ErrorAction Stop } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'ManifestUnreadable*'
        $err.Exception.Message | Should -Match $Expect
        $err.Exception.Message | Should -Match 'move the manifest away'
        $err.Exception.Message | Should -Not -Match 'System\.'
        @((Get-Stats).requestsByEndpoint.PSObject.Properties) | Should -BeNullOrEmpty -Because 'nothing may be uploaded or paid for'
    }
}

Describe 'A disk that fills up' -Skip:(-not $CanMountTmpfs) {
    It 'stops with a specific error, and after space is freed the rerun pays for nothing twice' {
        Reset-BananaEmulator -Uri $Target.BaseUri
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'full-in') -ImageCount 3 -Prompts 'one pose', 'another pose'
        $tiny = Join-Path $TestDrive 'tiny'
        $null = New-Item -ItemType Directory -Path $tiny
        & mount -t tmpfs -o size=256k tmpfs $tiny
        try {
            $out = Join-Path $tiny 'out'
            $null = New-Item -ItemType Directory -Path $out
            # Fill the disk but for a little: enough to start (manifest, lock), not for six results and the records.
            $filler = [IO.File]::Create((Join-Path $tiny 'filler.bin'))
            try { $filler.Write([byte[]]::new(256KB - 48KB), 0, 256KB - 48KB) } catch [IO.IOException] { } finally { $filler.Dispose() }

            # Per-job errors (a result that did not fit) are reported as they come; a record that did not fit stops the batch.
            $errors = @()
            try { $null = Start-BananaBatch -Path $in -OutputPath $out @Conn -ErrorVariable perJob -ErrorAction SilentlyContinue 2>$null }
            catch { $errors += $_ }
            # (-ErrorVariable also holds the terminating error, as an exception rather than a record: counted once, above.)
            $errors = @(@($errors) + @($perJob) | Where-Object { $_ -is [Management.Automation.ErrorRecord] })
            $errors | ForEach-Object { Write-Host "Full disk, first run: $($_.FullyQualifiedErrorId): $($_.Exception.Message)" }

            $ids = @($errors | ForEach-Object { ($_.FullyQualifiedErrorId -split ',')[0] } | Select-Object -Unique)
            $ids | Should -Not -BeNullOrEmpty -Because 'the disk must have filled up during the run'
            $ids | Where-Object { $_ -notin 'ManifestWriteFailed', 'OutputWriteFailed', 'OutputPathNotWritable' } | Should -BeNullOrEmpty -Because ($ids -join ', ')
            $errors | Where-Object { $_.FullyQualifiedErrorId -like 'ManifestWriteFailed*' } | ForEach-Object {
                $_.Exception.Message | Should -Match 'No space left on device|not enough space'
            }
            $paidBefore = (Get-Stats).charges
            Write-Host "Full disk: first run met $($ids -join ', '); $paidBefore of 6 jobs paid."

            Remove-Item -LiteralPath (Join-Path $tiny 'filler.bin')
            & mount -o remount,size=4m $tiny
            $rerun = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn)

            ($rerun.Summary.Succeeded + $rerun.Summary.Skipped) | Should -Be 6
            @(Get-ChildItem -LiteralPath $out -Filter '*.png') | Should -HaveCount 6
            Assert-EachJobPaidOnce -Jobs 6
        }
        finally {
            & umount $tiny
        }
    }
}
