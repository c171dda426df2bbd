# Acceptance: Start-BananaBatch as a person uses it — the whole job, resumed after Ctrl+C or a crash,
# never paid for twice, several keys, and run_batch.ps1. Emulator only (these inject faults and count submissions).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../tools/TestImages.psm1') -Force
    $script:Target = Get-BananaTestTarget
    Import-Module $Target.ModulePath -Force
    $script:Samples = Join-Path $PSScriptRoot '../samples/input'
    $script:Conn = @{ BaseUri = $Target.BaseUri; ApiKey = $Target.ApiKey }

    function script:Copy-Samples([string] $Name) {
        $dest = Join-Path $TestDrive $Name
        Copy-Item -LiteralPath $Samples -Destination $dest -Recurse
        $dest
    }

    function script:Assert-PaidOnce([int] $Jobs) {
        # Total, from the emulator's own books: every job reached the service, none twice, and the keys paid for
        # exactly one task per job. Over zero submissions this would prove nothing, so that fails first.
        $stats = Get-BananaEmulatorStats -Uri $Target.BaseUri
        $stats.submissions | Should -BeGreaterThan 0 -Because 'a paid-once check over no submissions proves nothing'
        $counts = @($stats.submissionsBySignature.PSObject.Properties.Value)
        $counts | Should -HaveCount $Jobs -Because 'every job reached the service'
        ($counts | Measure-Object -Sum).Sum | Should -Be $Jobs -Because 'no job was submitted twice'
        $stats.charges | Should -Be $Jobs -Because 'the keys paid for exactly one task per job'
    }

    function script:Assert-ConsistentManifest([string] $OutputPath, [int] $Jobs) {
        # What a resume relies on: every job has a status; a submitted job has its task id; a succeeded job's files
        # are there and are whole PNGs.
        $rows = @((Read-BananaManifest $OutputPath).jobs)
        $rows | Should -HaveCount $Jobs
        foreach ($row in $rows) {
            $row.status | Should -BeIn 'pending', 'uploaded', 'submitted', 'downloading', 'succeeded', 'failed' -Because "job $($row.id) needs a status"
            if ($row.status -in 'submitted', 'downloading', 'succeeded') {
                $row.taskId | Should -Not -BeNullOrEmpty -Because "job $($row.id) is $($row.status), so its task id must be recorded"
            }
            if ($row.status -eq 'succeeded') {
                @($row.outputs) | Should -Not -BeNullOrEmpty -Because "succeeded job $($row.id) names its files"
                foreach ($name in $row.outputs) {
                    $file = Join-Path $OutputPath $name
                    $file | Should -Exist
                    Test-PngFile $file | Should -BeTrue -Because "$name must be a whole PNG"
                }
            }
        }
    }

    function script:Start-BatchProcess([string] $In, [string] $Out, [int] $ThrottleLimit, [string] $Api = 'Draw') {
        # Start-BananaBatch in a child PowerShell, so the test can kill it as a crash or a power cut would.
        $pwsh = Get-PwshInvocation
        $info = [Diagnostics.ProcessStartInfo]::new($pwsh.FilePath)
        $script = "Import-Module '$($Target.ModulePath)'; Start-BananaBatch -Path '$In' -OutputPath '$Out' -ThrottleLimit $ThrottleLimit -BaseUri '$($Target.BaseUri)' -ApiKey '$($Target.ApiKey)' -Api $Api | Out-Null"
        foreach ($a in @($pwsh.Prefix) + @('-NoProfile', '-NonInteractive', '-Command', $script)) { $info.ArgumentList.Add($a) }
        [Diagnostics.Process]::Start($info)
    }

    function script:Get-TaskIdsOnDisk([string] $Out) {
        # The task ids a killed run left on disk: the manifest and the journal rows appended after it.
        $text = foreach ($name in 'banana-manifest.json', 'banana-manifest.json.journal') {
            $path = Join-Path $Out $name
            if (Test-Path -LiteralPath $path) {
                try { [IO.File]::ReadAllText($path) } catch [IO.IOException] { '' }   # being replaced: read it next time
            }
        }
        @([regex]::Matches(($text -join "`n"), '"taskId"\s*:\s*"([^"]+)"') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
    }

    function script:Wait-Until([scriptblock] $Condition, [int] $TimeoutSeconds = 60) {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out after $TimeoutSeconds s waiting for: $Condition" }
            Start-Sleep -Milliseconds 100
        }
    }
}

AfterAll {
    Close-BananaTestTarget -Target $Target
}

Describe 'Start-BananaBatch on the <Api> API' -ForEach @(@{ Api = 'Draw' }, @{ Api = 'Generate' }) {
    BeforeAll {
        $Conn = @{ BaseUri = $Target.BaseUri; ApiKey = $Target.ApiKey; Api = $Api }
        # The emulator endpoint that takes this API's submissions, for faults aimed at them.
        $SubmitEndpoint = $Api.ToLowerInvariant()
    }

    BeforeEach {
        Reset-BananaEmulator -Uri $Target.BaseUri
    }

    It 'runs every image with every prompt, uploads each image once, and writes a manifest and a report' {
        $in = Copy-Samples 'all'
        $out = Join-Path $TestDrive 'all-out'
        $run = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn)

        $run.Jobs | Should -HaveCount 8
        $run.Summary.Succeeded | Should -Be 8
        $run.Summary.Failed | Should -Be 0
        $pngs = Get-ChildItem -LiteralPath $out -Filter '*.png'
        $pngs | Should -HaveCount 8
        foreach ($f in $pngs) { Test-PngFile $f.FullName | Should -BeTrue }
        $pngs.Name | Should -Contain 'model-01_p1_1.png'
        $pngs.Name | Should -Contain '产品-04_p2_1.png'
        $run.Summary.ManifestPath | Should -Exist
        $run.Summary.ReportPath | Should -Exist
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).uploads | Should -Be 4
    }

    It 'skips finished jobs on a second run and submits nothing again' {
        $in = Copy-Samples 'again'
        $out = Join-Path $TestDrive 'again-out'
        $null = Start-BananaBatch -Path $in -OutputPath $out @Conn
        $second = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn)

        $second.Summary.Skipped | Should -Be 8
        Assert-PaidOnce -Jobs 8
        @(Get-ChildItem -LiteralPath $out -Filter '*.png') | Should -HaveCount 8
    }

    It 'runs new jobs for a changed image and leaves the others alone' {
        $in = Copy-Samples 'changed'
        $out = Join-Path $TestDrive 'changed-out'
        $null = Start-BananaBatch -Path $in -OutputPath $out @Conn
        $null = New-TestPng -Path (Join-Path $in 'image/model-02.jpg') -Seed 42   # same name, new content
        $second = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn -Force)

        $second.Summary.Skipped | Should -Be 6
        $second.Summary.Succeeded | Should -Be 2
        Assert-PaidOnce -Jobs 10   # the 8 first jobs once, and the 2 new ones of the changed image
    }

    It 'stops on Ctrl+C with a consistent manifest, and the rerun finishes without paying twice' {
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ generationLatencyMs = 1500 }
        $in = Copy-Samples 'stop'
        $out = Join-Path $TestDrive 'stop-out'
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$($Target.ModulePath)'; Start-BananaBatch -Path '$in' -OutputPath '$out' -ThrottleLimit 2 -BaseUri '$($Target.BaseUri)' -ApiKey '$($Target.ApiKey)' -Api $Api")
        $running = $ps.BeginInvoke()
        Wait-Until { (Get-BananaEmulatorStats -Uri $Target.BaseUri).submissions -ge 2 }
        # PowerShell.Stop is what Ctrl+C does to a pipeline: it calls the cmdlet's StopProcessing.
        $stopping = $ps.BeginStop($null, $null)
        $stopping.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(30)) | Should -BeTrue -Because 'the batch must stop when asked'
        $ps.Dispose()

        # Nothing half-written is left: only results, the manifest, the report with its .thumbs and the batch lock file (which stays on
        # disk, released; the rerun below could not run if it were still held).
        @(Get-ChildItem -LiteralPath $out -Recurse -File | Where-Object { $_.Extension -notin '.png', '.json', '.html' -and $_.Name -ne 'banana-batch.lock' -and $_.Directory.Name -ne '.thumbs' }) |
            Should -BeNullOrEmpty
        Assert-ConsistentManifest -OutputPath $out -Jobs 8
        $stopped = Get-BananaEmulatorStats -Uri $Target.BaseUri
        @((Read-BananaManifest $out).jobs | Where-Object taskId).Count | Should -Be $stopped.charges -Because 'every task the batch paid for is recorded'

        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ generationLatencyMs = 0 }
        $rerun = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn)
        ($rerun.Summary.Succeeded + $rerun.Summary.Skipped) | Should -Be 8
        Assert-PaidOnce -Jobs 8
        Assert-ConsistentManifest -OutputPath $out -Jobs 8
        @(Get-ChildItem -LiteralPath $out -Filter '*.png') | Should -HaveCount 8
    }

    It 'killed (-9) once its task ids reached the disk: the rerun collects those tasks and pays for no job twice' {
        # Long generations and two at a time: once both charged tasks are on disk, nothing else can be charged
        # before the kill (no slot frees up), so the kill lands at exactly the chosen point.
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ generationLatencyMs = 10000 }
        $in = Copy-Samples 'killed-after'
        $out = Join-Path $TestDrive 'killed-after-out'
        $child = Start-BatchProcess -In $in -Out $out -ThrottleLimit 2 -Api $Api
        try {
            Wait-Until -TimeoutSeconds 180 {
                $charged = (Get-BananaEmulatorStats -Uri $Target.BaseUri).charges
                $charged -ge 2 -and @(Get-TaskIdsOnDisk $out).Count -eq $charged -and (Get-BananaEmulatorStats -Uri $Target.BaseUri).charges -eq $charged
            }
        }
        finally { $child.Kill($true); $child.WaitForExit() }   # SIGKILL: no cleanup runs

        $recorded = Get-TaskIdsOnDisk $out
        $atKill = Get-BananaEmulatorStats -Uri $Target.BaseUri
        @($recorded).Count | Should -Be $atKill.charges -Because 'the kill came after every charged task was on disk'
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ generationLatencyMs = 0 }
        $rerun = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn)

        $rerun.Summary.Failed | Should -Be 0
        Assert-PaidOnce -Jobs 8
        $final = @((Read-BananaManifest $out).jobs.taskId)
        foreach ($id in $recorded) { $final | Should -Contain $id -Because 'a recorded task is collected, not submitted again' }
        Assert-ConsistentManifest -OutputPath $out -Jobs 8
        @(Get-ChildItem -LiteralPath $out -Filter '*.png') | Should -HaveCount 8
    }

    It 'killed (-9) while its first submission is held before any task exists: the rerun pays for each job once' {
        # The service holds every draw request at its door (a delay fault, before any task is created), so the kill
        # lands while a submission is in flight and nothing has been charged.
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ generationLatencyMs = 0; faults = @(@{ endpoint = $SubmitEndpoint; kind = 'delay'; delayMs = 600000 }) }
        $in = Copy-Samples 'killed-before'
        $out = Join-Path $TestDrive 'killed-before-out'
        $child = Start-BatchProcess -In $in -Out $out -ThrottleLimit 2 -Api $Api
        try { Wait-Until -TimeoutSeconds 180 { (Get-BananaEmulatorStats -Uri $Target.BaseUri).faultsByKind.delay -ge 1 } }
        finally { $child.Kill($true); $child.WaitForExit() }

        $atKill = Get-BananaEmulatorStats -Uri $Target.BaseUri
        $atKill.charges | Should -Be 0 -Because 'the held submission never became a task'
        @(Get-TaskIdsOnDisk $out) | Should -BeNullOrEmpty
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ faults = @() }
        $rerun = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn)

        $rerun.Summary.Failed | Should -Be 0
        $rerun.Summary.Succeeded | Should -Be 8
        Assert-PaidOnce -Jobs 8
        Assert-ConsistentManifest -OutputPath $out -Jobs 8
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).requestsByEndpoint.$SubmitEndpoint | Should -BeGreaterThan 8 -Because 'the held request reached the service too'
    }

    It 'spreads jobs over two keys and retires the one that runs out of credits' {
        # key B can pay for two fast images (440 each), then answers "credits not enough".
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ generationLatencyMs = 200; credits = @{ 'sk-key-b' = 880 } }
        $in = Copy-Samples 'keys'
        $all = Start-BananaBatch -Path $in -OutputPath (Join-Path $TestDrive 'keys-out') -ApiKey 'sk-key-a', 'sk-key-b' `
            -BaseUri $Target.BaseUri -Api $Api -ThrottleLimit 2 -WarningVariable warnings -WarningAction SilentlyContinue
        $run = Split-BatchOutput $all

        $run.Summary.Succeeded | Should -Be 8
        ($warnings -join "`n") | Should -Match 'key #2'
        ($warnings -join "`n") | Should -Not -Match 'sk-key-b'
        Assert-PaidOnce -Jobs 8
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).chargesByKey.'sk-key-b' | Should -BeLessOrEqual 2
    }

    It 'ends with CreditsExhausted when the only key runs out, keeps what it paid for, and a rerun with credits finishes the rest' {
        # Two fast images' worth (440 each): the third submission meets "credits not enough".
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ credits = @{ 'sk-poor' = 880 } }
        $in = Copy-Samples 'poor'
        $out = Join-Path $TestDrive 'poor-out'
        $err = { Start-BananaBatch -Path $in -OutputPath $out -ApiKey 'sk-poor' -BaseUri $Target.BaseUri -Api $Api -ErrorAction Stop } |
            Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'CreditsExhausted*' -Because $err.Exception.ToString()
        $err.Exception.Message | Should -Not -Match 'sk-poor'
        $stats = Get-BananaEmulatorStats -Uri $Target.BaseUri
        $stats.charges | Should -Be 2
        $rows = @((Read-BananaManifest $out).jobs)
        @($rows | Where-Object taskId) | Should -HaveCount 2 -Because 'both tasks paid for are recorded, to be collected'
        @($rows | Where-Object status -EQ 'failed') | Should -BeNullOrEmpty -Because 'jobs no key could pay for stay resumable'

        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ credits = @{ 'sk-poor' = 1000000 } }
        $rerun = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out -ApiKey 'sk-poor' -BaseUri $Target.BaseUri -Api $Api)
        ($rerun.Summary.Succeeded + $rerun.Summary.Skipped) | Should -Be 8
        $rerun.Summary.Failed | Should -Be 0
        Assert-PaidOnce -Jobs 8
        Assert-ConsistentManifest -OutputPath $out -Jobs 8
    }

    It 'stops a 100-job batch after a few requests when the only key is rejected' {
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ rejectedKeys = @('sk-revoked') }
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'rejected') -ImageCount 10 -Prompts (1..10 | ForEach-Object { "prompt $_" })
        $err = { Start-BananaBatch -Path $in -OutputPath (Join-Path $TestDrive 'rejected-out') -ApiKey 'sk-revoked' -BaseUri $Target.BaseUri -Api $Api -ErrorAction Stop } |
            Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ApiKeyRejected*' -Because $err.Exception.ToString()
        # Counted at the service's door, before the key is refused: the batch tried the key, and gave up quickly.
        $stats = Get-BananaEmulatorStats -Uri $Target.BaseUri
        $stats.requestsByKey.'sk-revoked' | Should -BeGreaterOrEqual 1 -Because 'the key must have been tried'
        $stats.requestsByKey.'sk-revoked' | Should -BeLessOrEqual 10 -Because 'a rejected key must not be tried for all 100 jobs'
        $stats.charges | Should -Be 0
    }

    It 'stops a 100-job batch within 10 requests when the submission itself refuses the key (generate: an empty 200)' {
        # Uploads pass; the submit endpoint answers the rejected key its own way: draw 401, generate async an empty HTTP 200.
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ faults = @(@{ endpoint = $SubmitEndpoint; kind = 'rejected-key' }) }
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'refused') -ImageCount 10 -Prompts (1..10 | ForEach-Object { "prompt $_" })
        $err = { Start-BananaBatch -Path $in -OutputPath (Join-Path $TestDrive 'refused-out') @Conn -ErrorAction Stop } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'ApiKeyRejected*' -Because $err.Exception.ToString()
        $stats = Get-BananaEmulatorStats -Uri $Target.BaseUri
        $stats.requestsByEndpoint.$SubmitEndpoint | Should -BeGreaterOrEqual 1 -Because 'the refusal must come from the submission, not the uploads'
        $stats.requestsByEndpoint.$SubmitEndpoint | Should -BeLessOrEqual 10
        $stats.faultsByKind.'rejected-key' | Should -BeGreaterOrEqual 1
        $stats.submissions | Should -Be 0
    }

    It 'tells each retry once on the verbose stream, naming the key it concerns' {
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ faults = @(@{ endpoint = $SubmitEndpoint; kind = 'http503'; count = 1 }) }
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'verbose') -ImageCount 1 -Prompts 'one prompt'
        $verbose = Start-BananaBatch -Path $in -OutputPath (Join-Path $TestDrive 'verbose-out') @Conn -Verbose 4>&1 |
            Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        $retries = @($verbose | Where-Object Message -Match 'HTTP 503')
        $retries | Should -HaveCount 1
        $retries[0].Message | Should -Match 'key #1'
    }

    It 'never writes the key anywhere, even at full verbosity' {
        $secret = 'sk-CANARY-7f3a9c1e-do-not-leak'
        $in = Copy-Samples 'secret'
        $out = Join-Path $TestDrive 'secret-out'
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ faults = @(@{ endpoint = $SubmitEndpoint; kind = 'http503'; count = 2 }) }
        $everything = Start-BananaBatch -Path $in -OutputPath $out -ApiKey $secret -BaseUri $Target.BaseUri -Api $Api -Verbose -Debug 4>&1 5>&1 3>&1 2>&1 6>&1 |
            Out-String -Width 500
        $everything | Should -Not -BeNullOrEmpty
        $everything | Should -Not -Match ([regex]::Escape($secret))
        foreach ($file in Get-ChildItem -LiteralPath $out -Recurse -File) {
            [IO.File]::ReadAllText($file.FullName) | Should -Not -Match ([regex]::Escape($secret)) -Because "$($file.Name) must not hold the key"
        }
    }
}

Describe 'run_batch.ps1' {
    BeforeAll {
        $script:RunBatch = Join-Path $PSScriptRoot '../run_batch.ps1'
    }

    BeforeEach {
        Reset-BananaEmulator -Uri $Target.BaseUri
    }

    It 'exits <Exit> when <Case>' -ForEach @(
        @{ Case = 'every job succeeds'; Exit = 0; Prompt = 'a calm pose'; Key = 'sk-run-batch' }
        @{ Case = 'a job is refused by moderation'; Exit = 1; Prompt = 'MODERATE_ME now'; Key = 'sk-run-batch' }
        @{ Case = 'the key is rejected'; Exit = 2; Prompt = 'a calm pose'; Key = 'sk-run-batch-revoked'; Says = 'rejected' }
        @{ Case = 'the key has no credits left'; Exit = 2; Prompt = 'a calm pose'; Key = 'sk-run-batch-poor'; Says = 'credits' }
    ) {
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ rejectedKeys = @('sk-run-batch-revoked'); credits = @{ 'sk-run-batch-poor' = 0 } }
        $in = New-TestInputFolder -Path (Join-Path $TestDrive "rb-$Exit") -ImageCount 2 -Prompts $Prompt
        $result = Invoke-BananaChildProcess -WorkingDirectory $TestDrive -Environment @{ GRSAI_API_KEY = $Key; GRSAI_BASE_URL = $Target.BaseUri.AbsoluteUri } `
            -Script "& '$RunBatch' -InputPath '$in' -OutputPath '$(Join-Path $TestDrive "rb-$Exit-out")' -ModulePath '$($Target.ModulePath)'; exit `$LASTEXITCODE"
        $result.ExitCode | Should -Be $Exit -Because ($result.Output + $result.Error)
        if ($Exit -lt 2) { $result.Output | Should -Match 'Report:' } else { $result.Output + $result.Error | Should -Match $Says }
        if ($Key -eq 'sk-run-batch-poor') { (Get-BananaEmulatorStats -Uri $Target.BaseUri).charges | Should -Be 0 }
    }

    It 'submits on the API -Api names, over GRSAI_API' {
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'rb-api') -ImageCount 2 -Prompts 'a calm pose'
        $result = Invoke-BananaChildProcess -WorkingDirectory $TestDrive `
            -Environment @{ GRSAI_API_KEY = 'sk-run-batch'; GRSAI_BASE_URL = $Target.BaseUri.AbsoluteUri; GRSAI_API = 'draw' } `
            -Script "& '$RunBatch' -InputPath '$in' -OutputPath '$(Join-Path $TestDrive 'rb-api-out')' -ModulePath '$($Target.ModulePath)' -Api Generate; exit `$LASTEXITCODE"

        $result.ExitCode | Should -Be 0 -Because ($result.Output + $result.Error)
        $stats = Get-BananaEmulatorStats -Uri $Target.BaseUri
        $stats.submissionsByApi.generate | Should -Be 2
        $stats.submissionsByApi.draw | Should -BeNullOrEmpty
    }
}
