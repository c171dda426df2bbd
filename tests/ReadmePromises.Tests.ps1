# Acceptance: behaviours README.md promises that no other file proves — -ThrottleLimit per key, extra images named
# <name>_1-2.png, changed parameters making new jobs on resume, the report's failed-only filter in a real browser,
# -Verify catching a URL that serves other bytes, -Method Presigned and DataUri through the cmdlets, the default
# service address and a GRSAI_BASE_URL with a path. Emulator only: each is judged by the emulator's own counters.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../tools/TestImages.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'HeadlessChromium.psm1') -Force
    $script:Target = Get-BananaTestTarget
    Import-Module $Target.ModulePath -Force
    $script:Images = Join-Path $PSScriptRoot '../samples/input/image'
    $script:Conn = @{ BaseUri = $Target.BaseUri; ApiKey = $Target.ApiKey }

    function script:Get-Stats { Get-BananaEmulatorStats -Uri $Target.BaseUri }

    function script:Get-Signatures {
        # The emulator's submissions as (model, prompt, urls, ratio, size, count), decoded from its signatures.
        foreach ($entry in (Get-Stats).submissionsBySignature.PSObject.Properties) {
            $fields = ConvertFrom-Json -InputObject $entry.Name -NoEnumerate
            [pscustomobject]@{ Model = $fields[0]; Prompt = $fields[1]; Urls = @($fields[2]); AspectRatio = $fields[3]; Count = $entry.Value }
        }
    }
}

AfterAll {
    Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ resultsPerTask = 1; pathPrefix = ''; generationLatencyMs = 0; faults = @() }
    Close-BananaTestTarget -Target $Target
}

Describe 'What README.md promises' {
    BeforeEach {
        Reset-BananaEmulator -Uri $Target.BaseUri
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ resultsPerTask = 1; pathPrefix = ''; generationLatencyMs = 0; faults = @() }
    }

    It '-ThrottleLimit counts per key: two keys with -ThrottleLimit 2 run up to two generations each, never more' {
        # Generations long enough to overlap: a limit shared by both keys could never let more than 2 run at once.
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ generationLatencyMs = 3000 }
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'per-key') -ImageCount 4 -Prompts 'pose one', 'pose two', 'pose three'
        $run = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath (Join-Path $TestDrive 'per-key-out') -ApiKey 'sk-throttle-a', 'sk-throttle-b' `
                -BaseUri $Target.BaseUri -ThrottleLimit 2)

        $run.Summary.Succeeded | Should -Be 12
        $stats = Get-Stats
        $stats.peakRunningByKey.'sk-throttle-a' | Should -BeLessOrEqual 2
        $stats.peakRunningByKey.'sk-throttle-b' | Should -BeLessOrEqual 2
        $stats.peakRunning | Should -BeGreaterThan 2 -Because 'the limit is per key, not shared'
        $stats.charges | Should -Be 12
    }

    It 'saves the extra images of one task as <name>_1-2.png, each whole' {
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ resultsPerTask = 3 }
        $out = Join-Path $TestDrive 'extra'
        $result = Get-ChildItem -LiteralPath (Join-Path $Images 'model-01.jpg') | Send-BananaImage @Conn |
            Invoke-BananaGenerate -Prompt 'a calm pose' -OutputPath $out @Conn

        $result.Status | Should -Be 'Succeeded'
        @($result.ResultUrls) | Should -HaveCount 3
        $files = Get-ChildItem -LiteralPath $out -Filter '*.png'
        $files.Name | Sort-Object | Should -Be 'model-01_1-2.png', 'model-01_1-3.png', 'model-01_1.png'
        foreach ($f in $files) { Test-PngFile $f.FullName | Should -BeTrue -Because "$($f.Name) must be a whole PNG" }
        @($files | ForEach-Object { (Get-FileHash -LiteralPath $_.FullName).Hash } | Sort-Object -Unique) | Should -HaveCount 3
        (Get-Stats).charges | Should -Be 1 -Because 'three pictures of one task are paid once'
    }

    It 'makes new jobs when the parameters change, and a rerun with the first parameters pays nothing' {
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'params') -ImageCount 1 -Prompts 'pose one', 'pose two'
        $out = Join-Path $TestDrive 'params-out'
        $first = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn)
        $changed = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out -AspectRatio 3:4 @Conn -Force)
        $again = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out -AspectRatio 3:4 @Conn)

        $first.Summary.Succeeded | Should -Be 2
        $changed.Summary.Succeeded | Should -Be 2 -Because 'another aspect ratio is another job'
        $changed.Summary.Skipped | Should -Be 0
        $again.Summary.Skipped | Should -Be 2
        $signatures = @(Get-Signatures)
        $signatures | Should -HaveCount 4
        @($signatures | Where-Object AspectRatio -EQ '3:4') | Should -HaveCount 2
        @($signatures | Where-Object AspectRatio -EQ 'auto') | Should -HaveCount 2
        foreach ($s in $signatures) { $s.Count | Should -Be 1 }
        (Get-Stats).charges | Should -Be 4
    }

    It 'report.html''s "failed" filter shows only the failed jobs when clicked in Chromium' {
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'filter') -ImageCount 2 -Prompts 'a calm pose', 'MODERATE_ME please'
        $out = Join-Path $TestDrive 'filter-out'
        $run = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn -ErrorAction SilentlyContinue)
        $run.Summary.Succeeded | Should -Be 2
        $run.Summary.Failed | Should -Be 2

        # A copy of the report with one added script that clicks the filter as a person would (the report's own click
        # handler and styles do the rest) and writes down which job cards the browser still lays out.
        $probe = '<script>window.addEventListener("load", function () {
            var before = document.querySelectorAll(".job").length;
            document.querySelector("button[data-filter=failed]").click();
            var shown = [], hidden = 0, jobs = document.querySelectorAll(".job");
            for (var i = 0; i < jobs.length; i++) {
                if (jobs[i].getClientRects().length > 0) { shown.push(jobs[i].getAttribute("data-status")); } else { hidden++; }
            }
            document.body.setAttribute("data-probe-jobs", String(before));
            document.body.setAttribute("data-probe-shown", shown.join(" "));
            document.body.setAttribute("data-probe-hidden", String(hidden));
        });</script>'
        $html = [IO.File]::ReadAllText($run.Summary.ReportPath)
        $copy = Join-Path $out 'report-probe.html'
        [IO.File]::WriteAllText($copy, $html.Replace('</body>', "$probe</body>"))
        $dom = Get-RenderedReport -Path $copy
        $body = [regex]::Match($dom, '<body[^>]*>').Value
        $attribute = { param($name) [regex]::Match($body, "$name=`"([^`"]*)`"").Groups[1].Value }

        & $attribute 'data-filter' | Should -Be 'failed'
        & $attribute 'data-probe-jobs' | Should -Be '4'
        & $attribute 'data-probe-shown' | Should -Be 'failed failed'
        & $attribute 'data-probe-hidden' | Should -Be '2'
    }

    It '-Verify reports a URL that serves other bytes with UploadVerificationFailed, and Verified is false' {
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ faults = @(@{ endpoint = 'files'; kind = 'altered-bytes'; count = 1 }) }
        $photo = Join-Path $Images 'model-01.jpg'
        $sent = Send-BananaImage -LiteralPath $photo -Verify @Conn -ErrorVariable problems -ErrorAction SilentlyContinue

        $sent.Verified | Should -BeFalse
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'UploadVerificationFailed*'
        (Get-Stats).faultsByKind.'altered-bytes' | Should -Be 1
        # Without the fault the same upload verifies: the check compares bytes, it does not always fail.
        (Send-BananaImage -LiteralPath $photo -Verify @Conn).Verified | Should -BeTrue
    }

    It 'Send-BananaImage -Method Presigned stores the photo by PUT and its URL serves it' {
        $photo = Join-Path $Images 'model-01.jpg'
        $sent = Send-BananaImage -LiteralPath $photo -Method Presigned -Verify @Conn

        $sent.Verified | Should -BeTrue
        $sent.Url | Should -BeLike "$($Target.BaseUri.AbsoluteUri)files/*"
        $stats = Get-Stats
        $stats.uploadsByMethod.presigned | Should -Be 1
        $stats.uploadsByMethod.PSObject.Properties.Name | Should -Not -Contain 'form'
    }

    It 'Send-BananaImage -Method DataUri uploads nothing, and the generation carries the photo to the service' {
        $out = Join-Path $TestDrive 'inline'
        $result = Get-ChildItem -LiteralPath (Join-Path $Images 'model-01.jpg') | Send-BananaImage -Method DataUri @Conn |
            Invoke-BananaGenerate -Prompt 'a calm pose' -OutputPath $out @Conn

        $result.Status | Should -Be 'Succeeded'
        Test-PngFile (Join-Path $out 'model-01_1.png') | Should -BeTrue
        $stats = Get-Stats
        $stats.uploads | Should -Be 0
        $stats.refusalCount | Should -Be 0
        $signature = @(Get-Signatures)
        $signature | Should -HaveCount 1
        $signature[0].Urls | Should -HaveCount 1
        $signature[0].Urls[0] | Should -BeLike 'data:image/jpeg;base64;sha256=*' -Because 'the service received the photo inline'
    }

    It 'Start-BananaBatch -UploadMethod Presigned uploads every photo by PUT' {
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'batch-presigned') -ImageCount 2 -Prompts 'a calm pose'
        $run = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath (Join-Path $TestDrive 'batch-presigned-out') -UploadMethod Presigned @Conn)

        $run.Summary.Succeeded | Should -Be 2
        (Get-Stats).uploadsByMethod.presigned | Should -Be 2
    }

    It 'talks to https://grsai.dakka.com.cn when neither -BaseUri nor GRSAI_BASE_URL nor .env names an address' {
        # A file that is not an image is refused before any request, so nothing is sent to the real service; the
        # verbose stream says which address the command resolved.
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'no-address')
        $notes = Join-Path $folder 'notes.jpg'
        Set-Content -LiteralPath $notes -Value 'not a photo'
        $result = Invoke-BananaChildProcess -WorkingDirectory $folder -Environment @{ GRSAI_API_KEY = ''; GRSAI_BACKUP_KEYS = ''; GRSAI_BASE_URL = '' } `
            -Script "Import-Module '$($Target.ModulePath)'; Send-BananaImage -LiteralPath '$notes' -ApiKey 'sk-default-address' -Verbose -ErrorAction SilentlyContinue 4>&1 | ForEach-Object { `"`$_`" }"

        $result.Output | Should -Match ([regex]::Escape('Service address: https://grsai.dakka.com.cn/ (1 key(s))')) -Because ($result.Output + $result.Error)
        $result.Output + $result.Error | Should -Not -Match 'sk-default-address'
    }

    It 'keeps the path of a GRSAI_BASE_URL like http://127.0.0.1:PORT/prefix/ on every request' {
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ pathPrefix = '/prefix' }
        $prefixed = "$($Target.BaseUri.AbsoluteUri)prefix/"
        $saved = $env:GRSAI_BASE_URL
        $env:GRSAI_BASE_URL = $prefixed
        try {
            $out = Join-Path $TestDrive 'prefixed'
            $isVerbose = { $_ -is [Management.Automation.VerboseRecord] }
            $sending = @(Get-ChildItem -LiteralPath (Join-Path $Images 'model-01.jpg') | Send-BananaImage -Verify -ApiKey $Target.ApiKey -Verbose 4>&1)
            $sent = @($sending | Where-Object { -not (& $isVerbose) })
            $generating = @($sent | Invoke-BananaGenerate -Prompt 'a calm pose' -OutputPath $out -ApiKey $Target.ApiKey -Verbose 4>&1)
            $result = @($generating | Where-Object { -not (& $isVerbose) })
            $messages = @(@($sending) + @($generating) | Where-Object $isVerbose | ForEach-Object Message)
        }
        finally {
            $env:GRSAI_BASE_URL = $saved
            Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ pathPrefix = '' }
        }

        @($messages | Where-Object { $_ -eq "Service address: $prefixed (1 key(s))" }) | Should -HaveCount 2 -Because 'both cmdlets resolved the address with its path'
        $sent.Verified | Should -BeTrue
        $result | Should -HaveCount 1
        $result[0].Status | Should -Be 'Succeeded'
        Test-PngFile (Join-Path $out 'model-01_1.png') | Should -BeTrue
        $stats = Get-Stats
        $stats.requestsOutsidePrefix | Should -Be 0 -Because 'no request may drop the /prefix of the address'
        $stats.uploads | Should -Be 1
        $stats.charges | Should -Be 1
        $stats.downloads | Should -Be 1
    }
}
