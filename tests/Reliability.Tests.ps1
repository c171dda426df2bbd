# Acceptance for issue 4: every fault the service can throw and every mistake a user can make, handled; the key
# kept secret. Emulator only: these inject faults and count what reached the service.
BeforeDiscovery {
    $script:IsLive = [bool]($env:GRSAI_API_KEY -and $env:GRSAI_BASE_URL)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../tools/TestImages.psm1') -Force
    $script:Target = Get-BananaTestTarget
    Import-Module $Target.ModulePath -Force
    $script:Conn = @{ BaseUri = $Target.BaseUri; ApiKey = $Target.ApiKey }

    function script:Split-BatchOutput($All) {
        [pscustomobject]@{
            Summary = $All | Where-Object { $_.PSObject.TypeNames -contains 'Banana.Engine.BatchSummary' }
            Jobs    = @($All | Where-Object { $_.PSObject.TypeNames -contains 'Banana.Engine.JobResult' })
        }
    }

    function script:Get-Stats { Get-BananaEmulatorStats -Uri $Target.BaseUri }

    function script:Get-ManifestJobs([string] $Out) {
        @((Get-Content -Raw -LiteralPath (Join-Path $Out 'banana-manifest.json') | ConvertFrom-Json).jobs)
    }
}

AfterAll {
    Close-BananaTestTarget -Target $Target
}

Describe 'Fault-injection soak' -Skip:$IsLive {
    BeforeAll {
        Reset-BananaEmulator -Uri $Target.BaseUri
        # About 20 % of requests meet a fault, of every kind the service throws; fixed seeds, so every run meets the same mix.
        $transient = 'http408', 'http429', 'http500', 'http502', 'http503', 'http504', 'abort'
        $rules = @()
        $seed = 11
        foreach ($kind in $transient) { $rules += @{ endpoint = 'any'; kind = $kind; probability = 0.02; seed = ($seed++) } }
        $rules += @{ endpoint = 'any'; kind = 'delay'; probability = 0.015; delayMs = 2500; seed = ($seed++) }   # outlives -TimeoutSec 1
        $rules += @{ endpoint = 'draw'; kind = 'stream-cut'; probability = 0.04; seed = ($seed++) }
        $rules += @{ endpoint = 'draw'; kind = 'task-error'; probability = 0.04; seed = ($seed++) }
        $rules += @{ endpoint = 'result'; kind = 'poll-not-found'; probability = 0.25; seed = ($seed++) }
        $rules += @{ endpoint = 'results'; kind = 'corrupt-html'; probability = 0.04; seed = ($seed++) }
        $rules += @{ endpoint = 'results'; kind = 'truncated'; probability = 0.04; seed = ($seed++) }
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ generationLatencyMs = 150; faults = $rules }

        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'soak') -ImageCount 20 -Prompts (1..10 | ForEach-Object { "soak prompt $_" })
        $script:SoakOut = Join-Path $TestDrive 'soak-out'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        # Short attempts and backoff keep the soak near a minute; retries generous enough that 20 % faults never exhaust them.
        $script:Soak = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $SoakOut @Conn -ThrottleLimit 10 `
                -TimeoutSec 1 -RetryIntervalSec 0.05 -MaxRetries 8 -ErrorVariable soakErrors -ErrorAction SilentlyContinue)
        $clock.Stop()
        $script:SoakErrors = @($soakErrors)
        $script:SoakStats = Get-Stats
        Reset-BananaEmulator -Uri $Target.BaseUri

        $faults = $SoakStats.faultsByKind.PSObject.Properties
        $script:TransientFaults = ($faults | Where-Object Name -In ($transient + 'delay', 'corrupt-html', 'truncated') | Measure-Object Value -Sum).Sum
        Write-Host ("Soak: {0} jobs in {1:0.0} s; {2} requests, {3} faults injected: {4}" -f $Soak.Summary.Total, $clock.Elapsed.TotalSeconds,
            ($SoakStats.requestsByEndpoint.PSObject.Properties | Measure-Object Value -Sum).Sum, ($faults | Measure-Object Value -Sum).Sum,
            (($faults | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ', '))
        Write-Host ("Soak: {0} transient faults -> {1} retries; {2} failed task(s) -> {3} resubmission(s); {4} submissions for {5} jobs" -f
            $TransientFaults, $Soak.Summary.Retries, $SoakStats.failuresByReason.error, $Soak.Summary.Resubmissions,
            $SoakStats.submissions, $Soak.Summary.Total)
    }

    It 'meets faults of every kind' {
        foreach ($kind in 'http408', 'http429', 'http500', 'http502', 'http503', 'http504', 'abort', 'delay',
            'stream-cut', 'task-error', 'poll-not-found', 'corrupt-html', 'truncated') {
            $SoakStats.faultsByKind.$kind | Should -BeGreaterThan 0 -Because "the soak must exercise $kind"
        }
    }

    It 'finishes every one of the 200 jobs' {
        $SoakErrors | Should -BeNullOrEmpty
        $Soak.Summary.Total | Should -Be 200
        $Soak.Summary.Succeeded | Should -Be 200
        $Soak.Jobs | Should -HaveCount 200
    }

    It 'leaves exactly one whole PNG per job and nothing else' {
        $files = @(Get-ChildItem -LiteralPath $SoakOut -Recurse -File)
        $expected = @(Get-ManifestJobs $SoakOut | ForEach-Object { $_.outputs }) + 'banana-manifest.json', 'report.html'
        $expected | Should -HaveCount 202
        ($files.Name | Sort-Object) | Should -Be ($expected | Sort-Object)
        foreach ($png in $files | Where-Object Extension -EQ '.png') { Test-PngFile $png.FullName | Should -BeTrue -Because $png.Name }
    }

    It 'submits a job again only when its task failed' {
        $failedTasks = [int]$SoakStats.failuresByReason.error
        $counts = @($SoakStats.submissionsBySignature.PSObject.Properties.Value)
        $counts | Should -HaveCount 200
        $SoakStats.submissions | Should -Be (200 + $failedTasks)
        @($counts | Where-Object { $_ -gt 1 }).Count | Should -BeLessOrEqual $failedTasks
        $Soak.Summary.Resubmissions | Should -Be $failedTasks
        (Get-ManifestJobs $SoakOut | Measure-Object attempts -Sum).Sum | Should -Be $SoakStats.submissions
    }

    It 'retries each transient fault once' {
        # A dropped connection may be re-sent by the HTTP stack itself before Banana sees it, so a few faults can
        # cost no retry; a retry without a fault would be a bug.
        $Soak.Summary.Retries | Should -BeLessOrEqual $TransientFaults
        $Soak.Summary.Retries | Should -BeGreaterOrEqual ($TransientFaults - $SoakStats.faultsByKind.abort)
    }
}
