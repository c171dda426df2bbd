# Benchmark (issues 3, 8 and 13): start-up, batch wall time against the ideal in stream mode and in the default
# submit-then-poll mode at realistic generation times, many keys, and CPU and memory against the number of jobs.
# Numbers are ratios, relative sizes and medians of repeated runs, never pass/fail thresholds: the machine is shared
# and noisy. -Section runs only some parts (all by default).
# Start-up, many keys and scale run in stream mode: they measure the client's own costs (start-up, slot reuse,
# manifest and memory per job), which submit-then-poll would hide behind the model's 15 s first-poll wait.
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $EmulatorDll,
    [Parameter(Mandatory)] [string] $WorkPath,
    [ValidateSet('StartUp', 'Throughput', 'Poll', 'ManyKeys', 'Scale', 'Report')]
    [string[]] $Section = @('StartUp', 'Throughput', 'Poll', 'ManyKeys', 'Scale', 'Report'),
    # Batch sizes of the scale section (photos x 100 prompts each); the largest is also resumed.
    [int[]] $ScaleJobs = @(1000, 10000, 50000),
    # How many fresh processes the start-up section measures (the median is reported).
    [int] $StartUpRuns = 7,
    # How many times the many-keys batch runs (the median is reported).
    [int] $ManyKeysRuns = 3,
    # The report section (tools/ReportBench) runs when this is given.
    [string] $ReportBenchDll
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot 'EmulatorProcess.psm1') -Force
Import-Module (Join-Path $PSScriptRoot 'TestImages.psm1') -Force

if (Test-Path -LiteralPath $WorkPath) { Remove-Item -LiteralPath $WorkPath -Recurse -Force }
$null = New-Item -ItemType Directory -Path $WorkPath

function Invoke-MeasuredBatch {
    <#
    Runs a batch in a fresh PowerShell and returns its wall time, peak working set and summary. The emulator is
    warmed first with a one-job batch, as a real service is always warm; the client's own start-up (a new process,
    JIT) is measured. With -Twice the same batch runs again in that process into a new folder: the warm figure. With
    -WarmFirst the process runs the one-job batch itself before the measured one, so CPU time and working set are the
    batch's own, not the one-time compiling and loading every process pays.
    #>
    param([string] $Name, [int] $Images, [int] $Prompts, [string[]] $EmulatorArgs, [int] $ThrottleLimit = 5, [switch] $Twice,
        [string] $SubmitMode = 'Poll', [switch] $WarmFirst, [switch] $KeepEmulator)
    $inputFolder = New-TestInputFolder -Path (Join-Path $WorkPath "$Name-input") -ImageCount $Images `
        -Prompts (1..$Prompts | ForEach-Object { "prompt number $_" })
    $output = Join-Path $WorkPath "$Name-output"
    $warmInput = New-TestInputFolder -Path (Join-Path $WorkPath "$Name-warmup") -ImageCount 1 -Prompts 'warm up' -SeedBase 200
    $emulator = Start-BananaEmulator -EmulatorDll $EmulatorDll -ArgumentList $EmulatorArgs
    try {
        $batch = "Start-BananaBatch -ThrottleLimit $ThrottleLimit -SubmitMode $SubmitMode -ApiKey 'sk-bench' -BaseUri '$($emulator.Uri.AbsoluteUri)' -ProgressAction SilentlyContinue"
        $pwsh = Get-PwshInvocation
        $null = & $pwsh.FilePath @($pwsh.Prefix) -NoProfile -NonInteractive -Command "Import-Module '$ModuleManifest'; $batch -Path '$($warmInput.FullName)' -OutputPath '$output-warmup'"
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModuleManifest'
function Measure-Batch([string] `$Out) {
    `$clock = [Diagnostics.Stopwatch]::StartNew()
    `$cpu = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime
    `$summary = $batch -Path '$($inputFolder.FullName)' -OutputPath `$Out | Select-Object -Last 1
    [pscustomobject]@{ Seconds = `$clock.Elapsed.TotalSeconds; Succeeded = `$summary.Succeeded; Total = `$summary.Total
        CpuSeconds = ([Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime - `$cpu).TotalSeconds }
}
if (`$$($WarmFirst.IsPresent)) { `$null = $batch -Path '$($warmInput.FullName)' -OutputPath '$output-warmup-inproc' }
`$cold = Measure-Batch '$output'
`$warm = if (`$$($Twice.IsPresent)) { Measure-Batch '$output-again' }
[pscustomobject]@{
    Seconds = `$cold.Seconds
    WarmSeconds = if (`$warm) { `$warm.Seconds } else { `$null }
    PeakWorkingSetMB = [math]::Round([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB, 1)
    Succeeded = `$cold.Succeeded
    Total = `$cold.Total
    CpuSeconds = `$cold.CpuSeconds
} | ConvertTo-Json -Compress
"@
        $json = & $pwsh.FilePath @($pwsh.Prefix) -NoProfile -NonInteractive -Command $script
        if ($LASTEXITCODE -ne 0) { throw "The $Name batch failed: $json" }
        $result = ($json | Select-Object -Last 1) | ConvertFrom-Json
        $stats = Get-BananaEmulatorStats -Uri $emulator.Uri
        $result | Add-Member -NotePropertyName PeakConcurrentGenerations -NotePropertyValue $stats.peakRunning
        # -KeepEmulator: the caller goes on with the same service (a resume) and stops it.
        if ($KeepEmulator) { $result | Add-Member -NotePropertyName Emulator -NotePropertyValue $emulator }
        $result
    }
    finally {
        if (-not ($KeepEmulator -and $result)) { Stop-BananaEmulator -Emulator $emulator }
    }
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count % 2) { $sorted[($sorted.Count - 1) / 2] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}

function Measure-StartUp {
    <#
    A small batch (2 photos x 2 prompts) in a fresh PowerShell, -Runs times against one warm emulator. The script
    notes the time of its first line and when Import-Module returned; the emulator notes when the first API request
    arrived (same machine, same clock). Also: the first submission, process start to first request, CPU time, methods
    JIT-compiled. The summary is taken with ForEach-Object, which PowerShell has loaded already: Select-Object would
    add PowerShell's autoloading of its module (60-100 ms here) to what is measured, and collecting the output in an
    array would keep every job's result in memory.
    #>
    param([int] $Runs)
    $inputFolder = New-TestInputFolder -Path (Join-Path $WorkPath 'startup-input') -ImageCount 2 -Prompts 'prompt one', 'prompt two' -SeedBase 300
    $emulator = Start-BananaEmulator -EmulatorDll $EmulatorDll
    try {
        $pwsh = Get-PwshInvocation
        $samples = foreach ($run in 0..$Runs) {
            Reset-BananaEmulator -Uri $emulator.Uri
            $script = @"
`$scriptStart = [DateTimeOffset]::UtcNow
Import-Module '$ModuleManifest'
`$imported = [DateTimeOffset]::UtcNow
Start-BananaBatch -Path '$($inputFolder.FullName)' -OutputPath '$(Join-Path $WorkPath "startup-output-$run")' -SubmitMode Stream -ApiKey 'sk-bench' -BaseUri '$($emulator.Uri.AbsoluteUri)' -ProgressAction SilentlyContinue | ForEach-Object { `$summary = `$_ }
`$done = [DateTimeOffset]::UtcNow
`$process = [Diagnostics.Process]::GetCurrentProcess()
`$ms = { param(`$t) (`$t - [DateTimeOffset]::UnixEpoch).TotalMilliseconds }
[pscustomobject]@{
    ProcessStart = & `$ms ([DateTimeOffset]`$process.StartTime.ToUniversalTime())
    ScriptStart = & `$ms `$scriptStart
    Imported = & `$ms `$imported
    Done = & `$ms `$done
    Succeeded = `$summary.Succeeded
    CpuSeconds = `$process.TotalProcessorTime.TotalSeconds
    JitMethods = [System.Runtime.JitInfo]::GetCompiledMethodCount(`$false)
} | ConvertTo-Json -Compress
"@
            $json = & $pwsh.FilePath @($pwsh.Prefix) -NoProfile -NonInteractive -Command $script
            if ($LASTEXITCODE -ne 0) { throw "The start-up batch failed: $json" }
            $r = ($json | Select-Object -Last 1) | ConvertFrom-Json
            if ($r.Succeeded -ne 4) { throw "The start-up batch did not finish its 4 jobs: $json" }
            $timeline = Invoke-RestMethod -Uri ([uri]::new($emulator.Uri, '/_emulator/timeline'))
            # Run 0 warms the disk cache and the emulator: not counted.
            if ($run -gt 0) {
                [pscustomobject]@{
                    Import = ($r.Imported - $r.ScriptStart) / 1000
                    FirstRequest = ($timeline.firstRequestUnixMs - $r.ScriptStart) / 1000
                    FirstSubmission = ($timeline.firstGenerationStartUnixMs - $r.ScriptStart) / 1000
                    ProcessToFirstRequest = ($timeline.firstRequestUnixMs - $r.ProcessStart) / 1000
                    Batch = ($r.Done - $r.ScriptStart) / 1000
                    CpuSeconds = $r.CpuSeconds
                    JitMethods = $r.JitMethods
                }
            }
        }
        $samples
    }
    finally {
        Stop-BananaEmulator -Emulator $emulator
    }
}

if ('StartUp' -in $Section) {
    Write-Host "== Start-up: 2 photos x 2 prompts, zero latency, a fresh PowerShell each time; median of $StartUpRuns runs"
    $s = @(Measure-StartUp -Runs $StartUpRuns)
    $median = { param($name) Get-Median @($s | ForEach-Object $name) }
    'Import-Module:                        {0:n3} s   (goal <= 0.15)' -f (& $median 'Import') | Write-Host
    "script's first line to first request: {0:n3} s   (goal <= 0.35)" -f (& $median 'FirstRequest') | Write-Host
    "script's first line to first submission: {0:n3} s   (after both photos are uploaded)" -f (& $median 'FirstSubmission') | Write-Host
    'process start to first request:       {0:n3} s' -f (& $median 'ProcessToFirstRequest') | Write-Host
    'first line to batch done (4 jobs):    {0:n3} s' -f (& $median 'Batch') | Write-Host
    'CPU time of the whole process:        {0:n3} s;  methods JIT-compiled: {1:n0}' -f (& $median 'CpuSeconds'), (& $median 'JitMethods') | Write-Host
    'each run (import / first request):    {0}' -f (($s | ForEach-Object { '{0:n2}/{1:n2}' -f $_.Import, $_.FirstRequest }) -join '  ') | Write-Host
}

if ('Throughput' -in $Section) {
Write-Host "`n== Pipeline overhead, stream mode: 20 images x 5 prompts; generation 1 s, upload 0.3 s, download 0.1 s; 5 generations at once"
$latency = '--generation-latency-ms', '1000', '--upload-latency-ms', '300', '--download-latency-ms', '100'
$run = Invoke-MeasuredBatch -Name 'throughput' -Images 20 -Prompts 5 -EmulatorArgs $latency -Twice -SubmitMode Stream
$ideal = 100 * 1.0 / 5
'{0} of {1} jobs succeeded; peak concurrent generations {2}' -f $run.Succeeded, $run.Total, $run.PeakConcurrentGenerations | Write-Host
'first batch of a new process: wall {0:n2} s   ideal {1:n2} s   ratio {2:n3}   (goal <= 1.05)' -f $run.Seconds, $ideal, ($run.Seconds / $ideal) | Write-Host
'same batch again, warm:       wall {0:n2} s   ideal {1:n2} s   ratio {2:n3}' -f $run.WarmSeconds, $ideal, ($run.WarmSeconds / $ideal) | Write-Host
Write-Host '(the floor is 1.02: the first generation waits for one 0.3 s upload, the last download adds 0.1 s)'
}

if ('Poll' -in $Section) {
# Submit-then-poll (the default) at the generation times users report, 20-60 s, scaled down 10x: the emulator's tasks
# take 2-6 s, uploads 30 ms, downloads 10 ms, and the client's own waits run on a clock 10x as fast
# (BANANA_TEST_TIME_SCALE=0.1: the model's 15 s typical duration is a 1.5 s first poll, the 3 s poll interval 0.3 s,
# 2 polls a second 20). Every ratio is the one the real service would show; only the minutes are gone.
$scale = 0.1
$env:BANANA_TEST_TIME_SCALE = "$scale"
try {
    foreach ($seconds in 20, 40, 60) {
        $ms = [int]($seconds * 1000 * $scale)
        Write-Host "`n== Submit then poll, generation $seconds s (emulated $ms ms): 4 images x 5 prompts, 5 generations at once"
        $scaled = '--generation-latency-ms', "$ms", '--upload-latency-ms', '30', '--download-latency-ms', '10'
        $poll = Invoke-MeasuredBatch -Name "poll-$seconds" -Images 4 -Prompts 5 -EmulatorArgs $scaled -Twice
        $ideal = 20 * ($ms / 1000) / 5
        '{0} of {1} jobs succeeded; peak concurrent generations {2}' -f $poll.Succeeded, $poll.Total, $poll.PeakConcurrentGenerations | Write-Host
        'first batch of a new process: wall {0:n2} s   ideal {1:n2} s   ratio {2:n3}   (goal <= 1.05)' -f $poll.Seconds, $ideal, ($poll.Seconds / $ideal) | Write-Host
        'same batch again, warm:       wall {0:n2} s   ideal {1:n2} s   ratio {2:n3}   (goal <= 1.05)' -f $poll.WarmSeconds, $ideal, ($poll.WarmSeconds / $ideal) | Write-Host
        # Only the service's and the client's waits are scaled down; a new process's start-up (first minus warm) is
        # not, so at the real durations it weighs 10x less. This is the figure a person running it would see.
        $startUp = [Math]::Max(0, $poll.Seconds - $poll.WarmSeconds)
        $realWall = $poll.WarmSeconds / $scale + $startUp
        'at the real {0} s, new process:  wall {1:n1} s   ideal {2:n1} s   ratio {3:n3}   (goal <= 1.05; start-up {4:n2} s unscaled)' -f $seconds, $realWall, ($ideal / $scale), ($realWall / ($ideal / $scale)), $startUp | Write-Host
    }
}
finally {
    Remove-Item Env:BANANA_TEST_TIME_SCALE -ErrorAction SilentlyContinue
}
}

function Measure-ManyKeys {
    <#
    One batch on many keys at once, judged on the service's clock (the emulator's timeline): from the first generation
    it started to the last it finished, against the ideal (jobs x latency / (keys x ThrottleLimit)); how busy the
    generation slots were; and how long after a generation ended its key started the next one.
    #>
    param([int] $Keys, [int] $ThrottleLimit, [int] $Images, [int] $Prompts, [double] $GenerationSeconds, [int] $Runs)
    $inputFolder = New-TestInputFolder -Path (Join-Path $WorkPath 'keys-input') -ImageCount $Images `
        -Prompts (1..$Prompts | ForEach-Object { "prompt number $_" }) -SeedBase 400
    $emulator = Start-BananaEmulator -EmulatorDll $EmulatorDll -ArgumentList @(
        '--generation-latency-ms', [string]($GenerationSeconds * 1000), '--upload-latency-ms', '100', '--download-latency-ms', '100')
    try {
        $pwsh = Get-PwshInvocation
        $apiKeys = (1..$Keys | ForEach-Object { "'sk-bench-$_'" }) -join ','
        foreach ($run in 1..$Runs) {
            Reset-BananaEmulator -Uri $emulator.Uri
            $json = & $pwsh.FilePath @($pwsh.Prefix) -NoProfile -NonInteractive -Command @"
Import-Module '$ModuleManifest'
Start-BananaBatch -Path '$($inputFolder.FullName)' -OutputPath '$(Join-Path $WorkPath "keys-output-$run")' -SubmitMode Stream -ApiKey $apiKeys -ThrottleLimit $ThrottleLimit -BaseUri '$($emulator.Uri.AbsoluteUri)' -ProgressAction SilentlyContinue | ForEach-Object { `$summary = `$_ }
[pscustomobject]@{ Succeeded = `$summary.Succeeded; Total = `$summary.Total } | ConvertTo-Json -Compress
"@
            if ($LASTEXITCODE -ne 0) { throw "The many-keys batch failed: $json" }
            $r = ($json | Select-Object -Last 1) | ConvertFrom-Json
            $t = Invoke-RestMethod -Uri ([uri]::new($emulator.Uri, '/_emulator/timeline'))
            $span = ($t.lastGenerationEndUnixMs - $t.firstGenerationStartUnixMs) / 1000
            $slots = $Keys * $ThrottleLimit
            [pscustomobject]@{
                Succeeded = $r.Succeeded
                Total = $r.Total
                Span = $span
                Ideal = $r.Total * $GenerationSeconds / $slots
                Busy = $t.busyMs / 1000 / ($slots * $span)
                ReuseMedianMs = $t.slotReuseMedianMs
                ReuseP90Ms = $t.slotReuseP90Ms
            }
        }
    }
    finally {
        Stop-BananaEmulator -Emulator $emulator
    }
}

if ('ManyKeys' -in $Section) {
    Write-Host "`n== Many keys: 10 keys x -ThrottleLimit 5, 20 photos x 10 prompts (200 jobs), 1 s generations; median of $ManyKeysRuns runs"
    $k = @(Measure-ManyKeys -Keys 10 -ThrottleLimit 5 -Images 20 -Prompts 10 -GenerationSeconds 1 -Runs $ManyKeysRuns)
    $median = { param($name) Get-Median @($k | ForEach-Object $name) }
    'on the API''s clock: {0:n2} s   ideal {1:n2} s   ratio {2:n3}   (goal <= 1.15)' -f (& $median 'Span'), $k[0].Ideal, ((& $median 'Span') / $k[0].Ideal) | Write-Host
    'generation slots busy: {0:p1};  a freed slot reused after: median {1:n0} ms, 90th percentile {2:n0} ms' -f (& $median 'Busy'), (& $median 'ReuseMedianMs'), (& $median 'ReuseP90Ms') | Write-Host
    'each run (ratio):      {0}   ({1} of {2} jobs succeeded in the last)' -f (($k | ForEach-Object { '{0:n2}' -f ($_.Span / $_.Ideal) }) -join '  '), $k[-1].Succeeded, $k[-1].Total | Write-Host
}

function Measure-Resume {
    <#
    Resumes a finished batch that gained one prompt: every earlier job is in the manifest and skipped, the new ones
    run. Against the emulator that ran the batch, as a real resume talks to the same service (its address in the
    manifest, its uploads still there); only its timeline starts over. Returns the seconds from the script's first
    line to the first generation the emulator started.
    #>
    param([string] $InputFolder, [string] $Output, [int] $ThrottleLimit, $Emulator)
    Add-Content -LiteralPath (Join-Path $InputFolder 'text/text.txt') -Value 'one more prompt for the resume' -Encoding utf8
    $emulator = $Emulator
    $null = Invoke-RestMethod -Method Post -Uri ([uri]::new($emulator.Uri, '/_emulator/timeline/reset'))
    try {
        $pwsh = Get-PwshInvocation
        $json = & $pwsh.FilePath @($pwsh.Prefix) -NoProfile -NonInteractive -Command @"
`$start = ([DateTimeOffset]::UtcNow - [DateTimeOffset]::UnixEpoch).TotalMilliseconds
Import-Module '$ModuleManifest'
Start-BananaBatch -Path '$InputFolder' -OutputPath '$Output' -SubmitMode Stream -ApiKey 'sk-bench' -ThrottleLimit $ThrottleLimit -BaseUri '$($emulator.Uri.AbsoluteUri)' -ProgressAction SilentlyContinue | ForEach-Object { `$summary = `$_ }
[pscustomobject]@{ Start = `$start; Skipped = `$summary.Skipped; Succeeded = `$summary.Succeeded } | ConvertTo-Json -Compress
"@
        $r = ($json | Select-Object -Last 1) | ConvertFrom-Json
        $t = Invoke-RestMethod -Uri ([uri]::new($emulator.Uri, '/_emulator/timeline'))
        [pscustomobject]@{ Seconds = ($t.firstGenerationStartUnixMs - $r.Start) / 1000; Skipped = $r.Skipped; Succeeded = $r.Succeeded }
    }
    finally {
        Stop-BananaEmulator -Emulator $emulator
    }
}

if ('Scale' -in $Section) {
    Write-Host "`n== Scale: zero latency, 100 prompts per photo, -ThrottleLimit 20; $($ScaleJobs -join ' / ') jobs"
    $zero = '--generation-latency-ms', '0', '--upload-latency-ms', '0', '--download-latency-ms', '0'
    $runs = foreach ($jobs in $ScaleJobs) {
        $run = Invoke-MeasuredBatch -Name "scale-$jobs" -Images ([math]::Max(1, $jobs / 100)) -Prompts 100 -EmulatorArgs $zero -ThrottleLimit 20 -SubmitMode Stream -WarmFirst `
            -KeepEmulator:($jobs -eq $ScaleJobs[-1])
        '{0,6} jobs: {1,7:n1} s, CPU {2,6:n2} ms per job, peak working set {3,7:n1} MB  ({4} succeeded)' -f `
            $run.Total, $run.Seconds, (1000 * $run.CpuSeconds / $run.Total), $run.PeakWorkingSetMB, $run.Succeeded | Write-Host
        $run
    }
    $first = $runs[0]; $last = $runs[-1]
    'from {0:n0} to {1:n0} jobs: CPU per job x{2:n2} (goal: flat), peak working set x{3:n2} (goal <= 1.5)' -f `
        $first.Total, $last.Total, (($last.CpuSeconds / $last.Total) / ($first.CpuSeconds / $first.Total)), ($last.PeakWorkingSetMB / $first.PeakWorkingSetMB) | Write-Host
    $largest = $ScaleJobs[-1]
    $resume = Measure-Resume -InputFolder (Join-Path $WorkPath "scale-$largest-input") -Output (Join-Path $WorkPath "scale-$largest-output") -ThrottleLimit 20 `
        -Emulator $last.Emulator
    'resume of the {0:n0}-job manifest with one new prompt: first generation {1:n2} s after the first line (goal <= 2); {2} skipped, {3} new succeeded' -f `
        $last.Total, $resume.Seconds, $resume.Skipped, $resume.Succeeded | Write-Host
}

if ($ReportBenchDll -and 'Report' -in $Section) {
    # Issue 9 point 5: a report of 1,000 2K results must be usable within 2 s. Written from files (the emulator draws
    # 256 px results on purpose), with thumbnails and without, each opened three times; it needs ~7 GB of scratch.
    Write-Host "`n== Report: 100 photos x 10 prompts = 1,000 results of 2048x2048, opened in headless Chromium"
    & dotnet $ReportBenchDll (Join-Path $WorkPath 'report') 1000 | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "The report benchmark failed (exit code $LASTEXITCODE)." }
    Remove-Item -LiteralPath (Join-Path $WorkPath 'report') -Recurse -Force -ErrorAction SilentlyContinue
}
