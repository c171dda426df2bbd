# Acceptance for issue 11 (client, prompt and run_batch.ps1 points): hostile names and files a user can have, a
# service that redirects the key elsewhere, and a run_batch.ps1 stopped with Ctrl+C. Emulator only: these count
# what reached the service.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../tools/TestImages.psm1') -Force
    $script:Target = Get-BananaTestTarget
    Import-Module $Target.ModulePath -Force
    $script:Conn = @{ BaseUri = $Target.BaseUri; ApiKey = $Target.ApiKey }

    function script:Get-Stats { Get-BananaEmulatorStats -Uri $Target.BaseUri }
}

AfterAll {
    Close-BananaTestTarget -Target $Target
}

Describe 'Names and prompt files a user can have' {
    BeforeEach {
        Reset-BananaEmulator -Uri $Target.BaseUri
    }

    It 'uploads and generates from a photo whose name holds a double quote' -Skip:$IsWindows {
        # Legal on Linux and macOS; the multipart header used to throw ArgumentException and stop the whole batch.
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'quote') -ImageCount 1 -Prompts 'a calm pose'
        New-TestPng -Path (Join-Path $in 'image/model "red" 1.png') -Seed 77 | Out-Null
        $out = Join-Path $TestDrive 'quote-out'

        $run = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn -ErrorVariable errors -ErrorAction SilentlyContinue)

        $errors | Should -BeNullOrEmpty
        $run.Summary.Succeeded | Should -Be 2
        (Get-Stats).uploads | Should -Be 2
        $pngs = @(Get-ChildItem -LiteralPath $out -Filter '*.png')
        $pngs | Should -HaveCount 2
        @($pngs.Name -like 'model*red*1_p1_1.png') | Should -HaveCount 1
    }

    It 'reads a UTF-16 text.txt saved without a BOM as its prompts, not as NUL prompts' {
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'utf16') -ImageCount 1 -Prompts 'placeholder'
        [IO.File]::WriteAllBytes((Join-Path $in 'text/text.txt'), [Text.UnicodeEncoding]::new($false, $false).GetBytes("换一个自然休闲优雅的pose`r`n换成纯白色背景`r`n"))

        $run = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath (Join-Path $TestDrive 'utf16-out') @Conn)

        $run.Summary.Total | Should -Be 2
        $run.Summary.Succeeded | Should -Be 2
        (Get-Stats).submissions | Should -Be 2
        ($run.Jobs.Prompt | Sort-Object) | Should -Be (@('换一个自然休闲优雅的pose', '换成纯白色背景') | Sort-Object)
    }

    It 'refuses a prompt holding a NUL before anything reaches the service, naming the file and line' {
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'nul') -ImageCount 2 -Prompts 'placeholder'
        [IO.File]::WriteAllText((Join-Path $in 'text/text.txt'), "a calm pose`nbroken`0prompt`n")

        $err = { Start-BananaBatch -Path $in -OutputPath (Join-Path $TestDrive 'nul-out') @Conn -ErrorAction Stop } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidPrompt*'
        $err.Exception.Message | Should -Match 'Line 2'
        $err.Exception.Message | Should -Match ([regex]::Escape('text.txt'))
        @((Get-Stats).requestsByEndpoint.PSObject.Properties) | Should -BeNullOrEmpty -Because 'nothing may be uploaded or paid for'
    }
}

Describe 'Get-BananaCredit and a service that redirects' {
    It 'does not repeat the credits call, whose body carries the key, at the host a 307 names' {
        # Two loopback ports are two origins: the "service" answers 307 to the "collector", which must see nothing.
        $ports = foreach ($i in 1..2) {
            $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0); $probe.Start()
            $probe.LocalEndpoint.Port; $probe.Stop()
        }
        $log = Join-Path $TestDrive 'redirect-requests.txt'
        Set-Content -LiteralPath $log -Value @()
        $server = {
            param($ServicePort, $CollectorPort, $Log)
            $listener = [Net.HttpListener]::new()
            $listener.Prefixes.Add("http://127.0.0.1:$ServicePort/"); $listener.Prefixes.Add("http://127.0.0.1:$CollectorPort/")
            $listener.Start()
            [Console]::Out.WriteLine('ready'); [Console]::Out.Flush()
            while ($true) {
                $context = $listener.GetContext()
                $body = [IO.StreamReader]::new($context.Request.InputStream).ReadToEnd()
                Add-Content -LiteralPath $Log -Value "$($context.Request.Url.Port) $body"
                if ($context.Request.Url.Port -eq $ServicePort) {
                    $context.Response.StatusCode = 307
                    $context.Response.RedirectLocation = "http://127.0.0.1:$CollectorPort/client/openapi/getAPIKeyCredits"
                }
                else {
                    $bytes = [Text.Encoding]::UTF8.GetBytes('{"code":0,"msg":"success","data":{"credits":5}}')
                    $context.Response.ContentType = 'application/json'
                    $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                }
                $context.Response.Close()
            }
        }
        $pwsh = Get-PwshInvocation
        $info = [Diagnostics.ProcessStartInfo]::new($pwsh.FilePath)
        $command = "& { $server } -ServicePort $($ports[0]) -CollectorPort $($ports[1]) -Log '$log'"
        foreach ($a in @($pwsh.Prefix) + @('-NoProfile', '-NonInteractive', '-Command', $command)) { $info.ArgumentList.Add($a) }
        $info.RedirectStandardOutput = $true
        $child = [Diagnostics.Process]::Start($info)
        try {
            $child.StandardOutput.ReadLine() | Should -Be 'ready'
            $secret = 'sk-CANARY-redirect-0123456789'

            $err = { Get-BananaCredit -BaseUri "http://127.0.0.1:$($ports[0])" -ApiKey $secret -MaxRetries 0 -ErrorAction Stop } |
                Should -Throw -PassThru

            $err.FullyQualifiedErrorId | Should -BeLike 'RedirectRefused*' -Because $err.Exception.ToString()
            $err.Exception.Message | Should -Not -Match ([regex]::Escape($secret))
            $requests = @(Get-Content -LiteralPath $log)
            @($requests | Where-Object { $_ -like "$($ports[0]) *" }) | Should -HaveCount 1
            @($requests | Where-Object { $_ -like "$($ports[1]) *" }) | Should -BeNullOrEmpty -Because 'the key must never reach another host'
        }
        finally {
            if (-not $child.HasExited) { $child.Kill($true); $child.WaitForExit() }
        }
    }
}

Describe 'run_batch.ps1 stopped with Ctrl+C' -Skip:$IsWindows {
    BeforeAll {
        $script:RunBatch = Join-Path $PSScriptRoot '../run_batch.ps1'
    }

    It 'exits 130, says how to resume, and the rerun pays for nothing twice' {
        Reset-BananaEmulator -Uri $Target.BaseUri
        # Six 20 s generations one at a time: Ctrl+C comes right after the first submission, and the batch could only
        # finish first if stopping took two minutes. (Holding a submission would not do: a submission in flight is
        # allowed to finish so its task id is recorded, and Ctrl+C waits for it; batches stream, so held polls do not
        # hold them.) The rerun collects the recorded task within its 20 s.
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ generationLatencyMs = 20000; faults = @() }
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'ctrlc') -ImageCount 3 -Prompts 'one pose', 'another pose'
        $out = Join-Path $TestDrive 'ctrlc-out'

        # As a scheduler runs it: pwsh -File run_batch.ps1. SIGINT is what Ctrl+C sends on Linux and macOS.
        $pwsh = Get-PwshInvocation
        $info = [Diagnostics.ProcessStartInfo]::new($pwsh.FilePath)
        foreach ($a in @($pwsh.Prefix) + @('-NoProfile', '-NonInteractive', '-File', $RunBatch, '-InputPath', $in, '-OutputPath', $out,
                '-ThrottleLimit', '1', '-ModulePath', $Target.ModulePath)) { $info.ArgumentList.Add($a) }
        $info.Environment['GRSAI_API_KEY'] = $Target.ApiKey
        $info.Environment['GRSAI_BASE_URL'] = $Target.BaseUri.AbsoluteUri
        # The real clock: the rerun waits out a recorded 20 s task, longer than a scaled task deadline.
        $info.Environment['BANANA_TEST_TIME_SCALE'] = '1'
        $info.RedirectStandardOutput = $true
        $info.RedirectStandardError = $true
        $child = [Diagnostics.Process]::Start($info)
        $stdout = $child.StandardOutput.ReadToEndAsync()
        $stderr = $child.StandardError.ReadToEndAsync()
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while ((Get-Stats).submissions -lt 1) {
                if ([DateTime]::UtcNow -gt $deadline -or $child.HasExited) { throw "run_batch.ps1 never submitted: $($stdout.Result) $($stderr.Result)" }
                Start-Sleep -Milliseconds 100
            }
            & kill -INT $child.Id
            if (-not $child.WaitForExit(60000)) {
                $child.Kill($true); $child.WaitForExit()
                throw "run_batch.ps1 did not stop within 60 s of Ctrl+C. Its output: $($stdout.Result) $($stderr.Result)"
            }
        }
        finally {
            if (-not $child.HasExited) { $child.Kill($true); $child.WaitForExit() }
        }

        $child.ExitCode | Should -Be 130 -Because ($stdout.Result + $stderr.Result)
        $stderr.Result | Should -Match 'run \./run_batch\.ps1 again'
        (Get-Stats).submissions | Should -BeLessThan 6 -Because 'the batch must have been stopped before it finished'

        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ generationLatencyMs = 0; faults = @() }
        $rerun = Invoke-BananaChildProcess -WorkingDirectory $TestDrive `
            -Environment @{ GRSAI_API_KEY = $Target.ApiKey; GRSAI_BASE_URL = $Target.BaseUri.AbsoluteUri; BANANA_TEST_TIME_SCALE = '1' } `
            -Script "& '$RunBatch' -InputPath '$in' -OutputPath '$out' -ModulePath '$($Target.ModulePath)'; exit `$LASTEXITCODE"
        $rerun.ExitCode | Should -Be 0 -Because ($rerun.Output + $rerun.Error)
        @(Get-ChildItem -LiteralPath $out -Filter '*.png') | Should -HaveCount 6
        $stats = Get-Stats
        @($stats.submissionsBySignature.PSObject.Properties.Value) | Should -HaveCount 6
        @($stats.submissionsBySignature.PSObject.Properties.Value) | ForEach-Object { $_ | Should -Be 1 }
        $stats.charges | Should -Be 6 -Because 'one paid task per job, in total'
    }
}
