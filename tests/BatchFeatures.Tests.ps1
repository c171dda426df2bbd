# Acceptance: what a person notices about Start-BananaBatch and run_batch.ps1 besides resuming (Batch.Tests.ps1):
# which files count as images, how text.txt is read, how jobs and results are named, what reaches the service, the
# summary, the progress bar, the manifest, the report in a real browser, and run_batch.ps1's .env and default folders.
# Emulator only: these count uploads and submissions with the emulator's own stats.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../tools/TestImages.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'FormatSamples.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'HeadlessChromium.psm1') -Force
    $script:Target = Get-BananaTestTarget
    Import-Module $Target.ModulePath -Force
    $script:Samples = Join-Path $PSScriptRoot '../samples/input'
    $script:Conn = @{ BaseUri = $Target.BaseUri; ApiKey = $Target.ApiKey }
    [Text.Encoding]::RegisterProvider([Text.CodePagesEncodingProvider]::Instance)

    function script:New-InputFolder([string] $Name) {
        $root = Join-Path $TestDrive $Name
        $null = New-Item -ItemType Directory -Path (Join-Path $root 'image'), (Join-Path $root 'text') -Force
        $root
    }

    function script:Get-Submissions {
        # The emulator's submissions as (model, prompt, urls, ratio, size, count) rows, decoded from its signatures.
        $stats = Get-BananaEmulatorStats -Uri $Target.BaseUri
        foreach ($entry in $stats.submissionsBySignature.PSObject.Properties) {
            $fields = ConvertFrom-Json -InputObject $entry.Name -NoEnumerate
            [pscustomobject]@{
                Model = $fields[0]; Prompt = $fields[1]; Urls = @($fields[2]); AspectRatio = $fields[3]; ImageSize = $fields[4]
                Count = $entry.Value
            }
        }
    }
}

AfterAll {
    Close-BananaTestTarget -Target $Target
}

Describe 'Start-BananaBatch inputs on the <Api> API' -ForEach @(@{ Api = 'Draw' }, @{ Api = 'Generate' }) {
    BeforeAll {
        # What reaches the service must not depend on the API that carries it (draw 'urls', generate 'images').
        $Conn = @{ BaseUri = $Target.BaseUri; ApiKey = $Target.ApiKey; Api = $Api }
    }

    BeforeEach {
        Reset-BananaEmulator -Uri $Target.BaseUri
    }

    It 'takes jpg, jpeg, png, webp, gif and bmp by their bytes, and leaves out a text file named .jpg without uploading it' {
        $in = New-InputFolder 'formats'
        $image = Join-Path $in 'image'
        Write-FormatSample -Format jpeg -Path (Join-Path $image 'a.jpg') -Seed 1
        Write-FormatSample -Format jpeg -Path (Join-Path $image 'b.jpeg') -Seed 2
        Write-FormatSample -Format png -Path (Join-Path $image 'c.png') -Seed 3
        Write-FormatSample -Format webp -Path (Join-Path $image 'd.webp') -Seed 4
        Write-FormatSample -Format gif -Path (Join-Path $image 'e.gif') -Seed 5
        Write-FormatSample -Format bmp -Path (Join-Path $image 'f.bmp') -Seed 6
        Write-FormatSample -Format png -Path (Join-Path $image 'g-really-a-png.jpg') -Seed 7
        $impostor = Join-Path $image 'notes.jpg'
        Set-Content -LiteralPath $impostor -Value 'shopping list: bananas'
        $out = Join-Path $TestDrive 'formats-out'

        $run = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out -Prompt 'a calm pose' @Conn -ErrorVariable problems -ErrorAction SilentlyContinue)

        $run.Summary.Total | Should -Be 7
        $run.Summary.Succeeded | Should -Be 7
        $run.Jobs.SourcePath | Should -Not -Contain $impostor
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'NotAnImage*'
        $problems[0].TargetObject | Should -Be $impostor
        $problems[0].ToString() | Should -Match 'notes\.jpg.*not a jpg, png, webp, gif or bmp image.*skipped'
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).uploads | Should -Be 7 -Because 'the text file must never be uploaded'
    }

    It 'reads text.txt saved as <Name>: every prompt reaches the service intact, comments and blank lines are ignored' -ForEach @(
        @{ Name = 'UTF-8 without BOM'; CodePage = 65001; Bom = $false }
        @{ Name = 'UTF-8 with BOM'; CodePage = 65001; Bom = $true }
        @{ Name = 'UTF-16 LE with BOM (Notepad "Unicode")'; CodePage = 1200; Bom = $true }
        @{ Name = 'GB18030 without BOM'; CodePage = 54936; Bom = $false }
        @{ Name = 'GBK without BOM (older Chinese Notepad)'; CodePage = 936; Bom = $false }
    ) {
        $prompts = '换一个自然休闲优雅的pose', '换成纯白色背景，保持人物和产品不变'
        $lines = '# 每行一个提示词（以 # 开头的行是注释）', $prompts[0], '', '   ', $prompts[1], ''
        $encoding = [Text.Encoding]::GetEncoding($CodePage)
        $bytes = @(if ($Bom) { $encoding.GetPreamble() }) + $encoding.GetBytes($lines -join "`r`n")
        $in = New-InputFolder "text-$CodePage-$Bom"
        [IO.File]::WriteAllBytes((Join-Path $in 'text/text.txt'), [byte[]]$bytes)
        $out = Join-Path $TestDrive "text-$CodePage-$Bom-out"

        $run = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn)

        $run.Summary.Succeeded | Should -Be 2
        @((Read-BananaManifest $out).jobs.prompt) | Should -Be $prompts
        @(Get-Submissions).Prompt | Sort-Object | Should -Be ($prompts | Sort-Object)
    }

    It 'takes -Prompt instead of text.txt and, with no images, runs one text-to-image job per prompt' {
        $in = New-InputFolder 'text-only'
        Remove-Item -LiteralPath (Join-Path $in 'image')
        Set-Content -LiteralPath (Join-Path $in 'text/text.txt') -Value 'a prompt from the file' -Encoding utf8
        $out = Join-Path $TestDrive 'text-only-out'

        $run = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out -Prompt 'a red umbrella', '一只香蕉' @Conn)

        $run.Summary.Succeeded | Should -Be 2
        (Get-ChildItem -LiteralPath $out -Filter '*.png').Name | Sort-Object | Should -Be 'prompt1_1.png', 'prompt2_1.png'
        $submissions = @(Get-Submissions)
        $submissions.Prompt | Sort-Object | Should -Be ('a red umbrella', '一只香蕉' | Sort-Object)
        foreach ($s in $submissions) { $s.Urls | Should -BeNullOrEmpty -Because 'a text-to-image job sends no reference image' }
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).uploads | Should -Be 0
    }

    It '-Count 3 makes three results of each image and prompt, named _1 to _3' {
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'count') -ImageCount 1 -Prompts 'a calm pose'
        $out = Join-Path $TestDrive 'count-out'

        $run = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out -Count 3 @Conn)

        $run.Summary.Succeeded | Should -Be 3
        (Get-ChildItem -LiteralPath $out -Filter '*.png').Name | Sort-Object | Should -Be 'photo001_p1_1.png', 'photo001_p1_2.png', 'photo001_p1_3.png'
        foreach ($f in Get-ChildItem -LiteralPath $out -Filter '*.png') { Test-PngFile $f.FullName | Should -BeTrue }
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).submissions | Should -Be 3
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).uploads | Should -Be 1
    }

    It 'names the results of two images sharing a stem apart, and keeps the job order stable' {
        $in = New-InputFolder 'stems'
        New-TestPng -Path (Join-Path $in 'image/b.png') -Seed 1 | Out-Null
        New-TestPng -Path (Join-Path $in 'image/a.png') -Seed 2 | Out-Null
        Write-FormatSample -Format jpeg -Path (Join-Path $in 'image/a.jpg') -Seed 3
        $out = Join-Path $TestDrive 'stems-out'
        $expected = 'a_jpg_p1_1.png', 'a_jpg_p2_1.png', 'a_png_p1_1.png', 'a_png_p2_1.png', 'b_p1_1.png', 'b_p2_1.png'

        $first = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out -Prompt 'pose one', 'pose two' @Conn)
        $second = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out -Prompt 'pose one', 'pose two' @Conn)

        $first.Summary.Succeeded | Should -Be 6
        (Get-ChildItem -LiteralPath $out -Filter '*.png').Name | Sort-Object | Should -Be $expected
        @((Read-BananaManifest $out).jobs.outputName) | Should -Be $expected -Because 'jobs run image by image (in name order), then prompt by prompt'
        $second.Summary.Skipped | Should -Be 6
        @($second.Jobs | ForEach-Object { Split-Path $_.OutputFiles[0] -Leaf }) | Should -Be $expected
    }

    It 'uploads each distinct image once however many prompts use it; an identical copy under another name shares that upload but gets its own results' {
        $in = New-InputFolder 'once'
        New-TestPng -Path (Join-Path $in 'image/one.png') -Seed 1 | Out-Null
        Copy-Item -LiteralPath (Join-Path $in 'image/one.png') -Destination (Join-Path $in 'image/one-copy.png')
        New-TestPng -Path (Join-Path $in 'image/two.png') -Seed 2 | Out-Null
        $out = Join-Path $TestDrive 'once-out'

        $run = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out -Prompt 'pose one', 'pose two', 'pose three' @Conn)

        $run.Summary.Succeeded | Should -Be 9
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).uploads | Should -Be 2
        $rows = (Read-BananaManifest $out).jobs
        @($rows | Where-Object { $_.sourcePath -like '*one-copy.png' }).outputName | Should -Be 'one-copy_p1_1.png', 'one-copy_p2_1.png', 'one-copy_p3_1.png'
        @($rows | Where-Object sourceSha256 -eq $rows[0].sourceSha256 | Select-Object -ExpandProperty uploadUrl -Unique) | Should -HaveCount 1
        @(Get-Submissions).Urls | Sort-Object -Unique | Should -HaveCount 2
    }

    It '-Model, -AspectRatio and -ImageSize reach the service' {
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'params') -ImageCount 2 -Prompts 'a calm pose'
        $out = Join-Path $TestDrive 'params-out'

        $run = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out -Model nano-banana-pro -AspectRatio 16:9 -ImageSize 2K @Conn)

        $run.Summary.Succeeded | Should -Be 2
        $stats = Get-BananaEmulatorStats -Uri $Target.BaseUri
        $stats.submissionsByApi.($Api.ToLowerInvariant()) | Should -Be 2
        $stats.refusalCount | Should -Be 0
        $submissions = @(Get-Submissions)
        $submissions | Should -HaveCount 2
        foreach ($s in $submissions) {
            $s.Model | Should -Be 'nano-banana-pro'
            $s.AspectRatio | Should -Be '16:9'
            $s.ImageSize | Should -Be '2K'
        }
    }
}

Describe 'What the person sees' {
    BeforeEach {
        Reset-BananaEmulator -Uri $Target.BaseUri
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ generationLatencyMs = 0 }
    }

    It 'ends with a summary object whose list view names every figure and path' {
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'summary') -ImageCount 2 -Prompts 'a calm pose', 'MODERATE_ME please'
        $out = Join-Path $TestDrive 'summary-out'

        $all = @(Start-BananaBatch -Path $in -OutputPath $out @Conn -ErrorAction SilentlyContinue)
        $summary = $all[-1]

        $summary.PSObject.TypeNames[0] | Should -Be 'Banana.Engine.BatchSummary' -Because 'the summary comes last'
        $summary.Total | Should -Be 4
        $summary.Succeeded | Should -Be 2
        $summary.Failed | Should -Be 2
        $summary.Skipped | Should -Be 0
        $summary.Elapsed | Should -BeOfType [TimeSpan]
        $summary.OutputPath | Should -Be (Resolve-Path -LiteralPath $out).Path
        $summary.ManifestPath | Should -Be (Join-Path $summary.OutputPath 'banana-manifest.json')
        $summary.ReportPath | Should -Be (Join-Path $summary.OutputPath 'report.html')
        $shown = $summary | Out-String -Width 300
        foreach ($label in 'Total', 'Succeeded', 'Failed', 'Skipped', 'ExpiredChargedAgain', 'MayHaveBeenCharged', 'Elapsed', 'OutputPath', 'ManifestPath', 'ReportPath') {
            $shown | Should -Match "(?m)^$label\s+: " -Because "the default view lists $label"
        }
        ($summary | Format-List | Out-String -Width 300) | Should -Match ([regex]::Escape($summary.ReportPath))
    }

    It 'shows one progress bar with jobs done of total, per-stage counts and an ETA, then completes it' {
        # Eight 1.5 s generations two at a time: at least four rounds, each well past the bar's 250 ms redraw limit, so
        # enough distinct states are drawn however fast or slow the machine is (the emulator sets the floor, not luck).
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ generationLatencyMs = 1500 }
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'progress') -ImageCount 4 -Prompts 'pose one', 'pose two'
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$($Target.ModulePath)'; Start-BananaBatch -Path '$in' -OutputPath '$(Join-Path $TestDrive 'progress-out')' -ThrottleLimit 2 -BaseUri '$($Target.BaseUri)' -ApiKey '$($Target.ApiKey)'")
            $null = $ps.Invoke()
            $records = @($ps.Streams.Progress)
        }
        finally { $ps.Dispose() }

        $records.Count | Should -BeGreaterThan 2
        @($records.ActivityId | Sort-Object -Unique) | Should -HaveCount 1 -Because 'the batch has one bar'
        @($records.Activity | Sort-Object -Unique) | Should -HaveCount 1
        $records[-1].RecordType | Should -Be 'Completed'
        @($records | Where-Object RecordType -eq 'Completed') | Should -HaveCount 1
        $drawing = @($records | Select-Object -SkipLast 1)
        foreach ($r in $drawing) {
            $r.StatusDescription | Should -Match '^\d+/8 done - uploading \d+, generating \d+, downloading \d+'
            $r.PercentComplete | Should -BeIn (0..100)
        }
        @($drawing | Where-Object StatusDescription -Match 'generating [1-9]') | Should -Not -BeNullOrEmpty
        @($drawing | Where-Object StatusDescription -Match ' - ETA \d{2}:\d{2}:\d{2}$') | Should -Not -BeNullOrEmpty
    }

    It 'keeps a readable manifest with each job''s inputs, upload, task, status, attempts, error and outputs' {
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'manifest') -ImageCount 1 -Prompts '换一个自然休闲优雅的pose', 'MODERATE_ME please'
        $out = Join-Path $TestDrive 'manifest-out'
        $secret = 'sk-manifest-canary-5d1e'
        $null = Start-BananaBatch -Path $in -OutputPath $out -BaseUri $Target.BaseUri -ApiKey $secret -AspectRatio 3:4 -ErrorAction SilentlyContinue

        $text = Get-Content -Raw -Encoding utf8 -LiteralPath (Join-Path $out 'banana-manifest.json')
        $text | Should -Match "\n\s+`"jobs`": \[" -Because 'a person can read it: an indented header'
        @($text -split '\n' | Where-Object { $_ -match '^\s+\{"id":' }) | Should -HaveCount 2 -Because 'then one line per job'
        $text | Should -Match '换一个自然休闲优雅的pose' -Because 'Chinese prompts stay readable, not \uXXXX escapes'
        $text | Should -Not -Match ([regex]::Escape($secret))
        $source = Join-Path $in 'image/photo001.png'
        $sha = (Get-FileHash -LiteralPath $source -Algorithm SHA256).Hash.ToLowerInvariant()
        $jobs = ($text | ConvertFrom-Json).jobs
        $jobs | Should -HaveCount 2
        foreach ($job in $jobs) {
            $job.sourcePath | Should -Be $source
            $job.sourceSha256 | Should -Be $sha
            $job.model | Should -Be 'nano-banana-fast'
            $job.aspectRatio | Should -Be '3:4'
            $job.PSObject.Properties.Name | Should -Contain 'imageSize'
            $job.uploadUrl | Should -BeLike "$($Target.BaseUri.AbsoluteUri)files/*"
            $job.taskId | Should -Not -BeNullOrEmpty
            $job.attempts | Should -Be 1
        }
        $done = $jobs | Where-Object prompt -eq '换一个自然休闲优雅的pose'
        $done.status | Should -Be 'succeeded'
        $done.error | Should -BeNullOrEmpty
        $done.outputs | Should -Be 'photo001_p1_1.png'
        Join-Path $out $done.outputs[0] | Should -Exist
        $done.content | Should -Match '换一个自然休闲优雅的pose' -Because 'the model''s text reply is kept beside its image'
        $refused = $jobs | Where-Object prompt -eq 'MODERATE_ME please'
        $refused.status | Should -Be 'failed'
        $refused.errorId | Should -Be 'ContentModerated'
        $refused.error | Should -Match 'moderation'
        [regex]::Matches($refused.error, [regex]::Escape('(input_moderation)')).Count | Should -Be 1 -Because 'the reason is given once, not repeated'
        $refused.outputs | Should -BeNullOrEmpty
    }

    It 'never overwrites a file it did not write: the job says to use -Force, and -Force replaces it' {
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'foreign') -ImageCount 2 -Prompts 'a calm pose'
        $out = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'foreign-out')
        $foreign = Join-Path $out 'photo001_p1_1.png'
        Set-Content -LiteralPath $foreign -Value 'my own work, keep it'

        $run = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn -ErrorVariable problems -ErrorAction SilentlyContinue)

        Get-Content -LiteralPath $foreign | Should -Be 'my own work, keep it'
        $run.Summary.Succeeded | Should -Be 1
        $run.Summary.Failed | Should -Be 1
        $blocked = $run.Jobs | Where-Object Status -eq 'Failed'
        $blocked.SourcePath | Should -Be (Join-Path $in 'image/photo001.png')
        $blocked.Error | Should -Match ([regex]::Escape($foreign) + '.*already exists.*-Force')
        $problems.FullyQualifiedErrorId | Should -BeLike 'OutputExists*'
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).submissions | Should -Be 1 -Because 'a job that cannot save its result is not paid for'

        $forced = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out -Force @Conn)
        $forced.Summary.Succeeded | Should -Be 1
        $forced.Summary.Skipped | Should -Be 1
        Test-PngFile $foreign | Should -BeTrue
    }

    It 'writes a report.html of a real mixed batch in which every image renders in Chromium and the failure is explained' {
        $in = Join-Path $TestDrive 'report'
        Copy-Item -LiteralPath $Samples -Destination $in -Recurse
        $out = Join-Path $TestDrive 'report out 报告'
        $all = Start-BananaBatch -Path $in -OutputPath $out -Prompt '换一个自然休闲优雅的pose', 'MODERATE_ME 换成纯白色背景' @Conn -ErrorAction SilentlyContinue
        $run = Split-BatchOutput $all
        $run.Summary.Succeeded | Should -Be 4
        $run.Summary.Failed | Should -Be 4

        $dom = Get-RenderedReport -Path $run.Summary.ReportPath
        $body = [regex]::Match($dom, '<body[^>]*>').Value
        $count = { param($name) [int][regex]::Match($body, "$name=`"(\d+)`"").Groups[1].Value }
        & $count 'data-images' | Should -Be 8 -Because 'each of the 4 photos is shown once, above its 2 prompts, and 4 jobs have a result'
        & $count 'data-images-loaded' | Should -Be 8
        & $count 'data-broken-images' | Should -Be 0
        $page = [Net.WebUtility]::HtmlDecode($dom)
        $failed = @($run.Jobs | Where-Object Status -eq 'Failed')[0]
        # The job's fields name its photo, prompt and task, so its error is the reason alone; the card, which shows
        # the task id beside it, calls the task 'the task'.
        $failed.Error | Should -Match 'input_moderation'
        $failed.Error | Should -Not -Match ([regex]::Escape($failed.JobId))
        $reason = $failed.Error -replace "^Task $([regex]::Escape($failed.TaskId))", 'The task'
        $reason | Should -Not -Be $failed.Error
        $page | Should -Match ([regex]::Escape($reason))
        $page | Should -Not -Match ([regex]::Escape("job $($failed.JobId) ("))
        $page | Should -Match 'MODERATE_ME 换成纯白色背景'
    }
}

Describe 'run_batch.ps1 setup' {
    BeforeEach {
        Reset-BananaEmulator -Uri $Target.BaseUri
    }

    It 'reads .env from its own folder (one backup key a line), runs ./input into ./batch_outputs and prints the summary and the report path' {
        # The main key and the first backup cannot pay: only the key on the .env's last line can do the work.
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ credits = @{ 'sk-env-main' = 0; 'sk-env-second' = 0 } }
        $home_ = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'banana home')
        Copy-Item -LiteralPath (Join-Path $PSScriptRoot '../run_batch.ps1') -Destination $home_
        $null = New-TestInputFolder -Path (Join-Path $home_ 'input') -ImageCount 2 -Prompts 'a calm pose'
        Set-Content -LiteralPath (Join-Path $home_ '.env') -Encoding utf8 -Value @(
            'GRSAI_API_KEY=sk-env-main   # the main account'
            'GRSAI_BACKUP_KEYS="sk-env-second'
            'sk-env-third"'
            "GRSAI_BASE_URL=$($Target.BaseUri.AbsoluteUri)"
            'GRSAI_API=generate'
        )
        $elsewhere = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'elsewhere')
        Set-Content -LiteralPath (Join-Path $elsewhere '.env') -Value 'GRSAI_API_KEY=sk-from-the-wrong-folder'

        $result = Invoke-BananaChildProcess -WorkingDirectory $elsewhere `
            -Environment @{ GRSAI_API_KEY = ''; GRSAI_BACKUP_KEYS = ''; GRSAI_BASE_URL = ''; GRSAI_API = '' } `
            -Script "& '$(Join-Path $home_ 'run_batch.ps1')' -ModulePath '$($Target.ModulePath)' -WarningAction SilentlyContinue; exit `$LASTEXITCODE"

        $result.ExitCode | Should -Be 0 -Because ($result.Output + $result.Error)
        $outputs = Join-Path $home_ 'batch_outputs'
        (Get-ChildItem -LiteralPath $outputs -Filter '*.png').Name | Sort-Object | Should -Be 'photo001_p1_1.png', 'photo002_p1_1.png'
        $stats = Get-BananaEmulatorStats -Uri $Target.BaseUri
        $stats.submissionsByApi.generate | Should -Be 2 -Because 'GRSAI_API=generate in .env chooses the generate API'
        $byKey = $stats.submissionsByKey
        $byKey.'sk-env-third' | Should -Be 2
        $byKey.PSObject.Properties.Name | Should -Not -Contain 'sk-from-the-wrong-folder'
        $shown = $result.Output -replace '\e\[[\d;]*m'   # colours of the list view, when the host has any
        $shown | Should -Match '(?m)^Total\s+: 2'
        $shown | Should -Match '(?m)^Succeeded\s+: 2'
        $shown | Should -Match ('Report:\s+' + [regex]::Escape((Join-Path $outputs 'report.html')))
        $result.Output + $result.Error | Should -Not -Match 'sk-env-'
    }
}
