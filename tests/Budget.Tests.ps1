# Acceptance: what a run costs, before (-WhatIf) and during (-MaxCredits), and the balance before and after.
# Emulator only: it counts submissions and charges, and keeps its own prices.
BeforeDiscovery {
    $script:IsLive = [bool]($env:GRSAI_API_KEY -and $env:GRSAI_BASE_URL)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:Target = Get-BananaTestTarget
    Import-Module $Target.ModulePath -Force
    $script:Samples = Join-Path $PSScriptRoot '../samples/input'
    $script:Conn = @{ BaseUri = $Target.BaseUri; ApiKey = $Target.ApiKey }
    # nano-banana-fast, the default model: 440 credits an image in the module's catalog (and in the emulator's own table).
    $script:Price = (Get-BananaModel -Name nano-banana-fast).Credits

    function script:Copy-Samples([string] $Name) {
        $dest = Join-Path $TestDrive $Name
        Copy-Item -LiteralPath $Samples -Destination $dest -Recurse
        $dest
    }

    function script:Invoke-InChild([string] $Command) {
        <# Runs a command in a fresh PowerShell and returns what it printed: What if lines go to the host, not to a stream. #>
        $pwsh = Get-PwshInvocation
        $script = "`$PSStyle.OutputRendering = 'PlainText'; Import-Module '$($Target.ModulePath)'; $Command"
        (& $pwsh.FilePath @($pwsh.Prefix) -NoProfile -NonInteractive -Command $script 2>&1) -join "`n"
    }
}

AfterAll {
    Close-BananaTestTarget -Target $Target
}

Describe 'Cost before: -WhatIf' -Skip:$IsLive {
    BeforeEach { Reset-BananaEmulator -Uri $Target.BaseUri }

    It 'Start-BananaBatch -WhatIf gives the jobs and the estimated credits and spends, uploads and writes nothing' {
        $inputFolder = Copy-Samples 'whatif-in'
        $out = Join-Path $TestDrive 'whatif-out'

        $estimate = Start-BananaBatch -Path $inputFolder -OutputPath $out -WhatIf @Conn

        $estimate.Jobs | Should -Be 8 -Because '4 photos x 2 prompts'
        $estimate.ToSubmit | Should -Be 8
        $estimate.EstimatedCredits | Should -Be (8 * $Price)
        Test-Path -LiteralPath $out | Should -BeFalse
        $stats = Get-BananaEmulatorStats -Uri $Target.BaseUri
        $stats.submissions | Should -Be 0
        $stats.uploads | Should -Be 0
        $stats.charges | Should -Be 0

        $printed = Invoke-InChild "Start-BananaBatch -Path '$inputFolder' -OutputPath '$out' -WhatIf -MaxCredits 1000 -BaseUri '$($Target.BaseUri)' -ApiKey '$($Target.ApiKey)' | Out-Null"
        $printed | Should -BeLike "*What if:*8 job(s): 8 to submit*about $('{0:N0}' -f (8 * $Price)) credits*"
        $printed | Should -BeLike '*-MaxCredits 1,000 lets 2 of them through*'
    }

    It 'counts only what a rerun would pay for: finished jobs cost nothing' {
        $inputFolder = Copy-Samples 'whatif-rerun'
        $out = Join-Path $TestDrive 'whatif-rerun-out'
        $null = Start-BananaBatch -Path $inputFolder -OutputPath $out -Prompt 'a calm pose' @Conn

        $estimate = Start-BananaBatch -Path $inputFolder -OutputPath $out -Prompt 'a calm pose', 'a red dress' -WhatIf @Conn

        $estimate.AlreadyDone | Should -Be 4
        $estimate.ToSubmit | Should -Be 4
        $estimate.EstimatedCredits | Should -Be (4 * $Price)
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).submissions | Should -Be 4 -Because 'only the first, real run submitted'
    }

    It 'Invoke-BananaGenerate -WhatIf prints each job and the total, and submits nothing' {
        $printed = Invoke-InChild ("'one', 'two', 'three' | ForEach-Object { [pscustomobject]@{ Prompt = `$_; ImageUrl = 'https://example.com/photo.png' } } | " +
            "Invoke-BananaGenerate -WhatIf -BaseUri '$($Target.BaseUri)' -ApiKey '$($Target.ApiKey)'")

        $printed | Should -BeLike "*What if:*about $Price credits*'one'*"
        $printed | Should -BeLike "*What if:*Generate 3 job(s) for about $('{0:N0}' -f (3 * $Price)) credits in total*"
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).submissions | Should -Be 0
    }
}

Describe 'Cost during: -MaxCredits' -Skip:$IsLive {
    BeforeEach { Reset-BananaEmulator -Uri $Target.BaseUri }

    It 'a budget of 3.5 images submits 3, leaves the rest not started and resumable, and says so' {
        $inputFolder = Copy-Samples 'budget-in'
        $out = Join-Path $TestDrive 'budget-out'

        $all = Start-BananaBatch -Path $inputFolder -OutputPath $out -MaxCredits (3.5 * $Price) -ThrottleLimit 5 @Conn -WarningVariable warned 3>$null
        $batch = Split-BatchOutput $all

        $stats = Get-BananaEmulatorStats -Uri $Target.BaseUri
        $stats.submissions | Should -Be 3
        $stats.charges | Should -Be 3
        $batch.Summary.Succeeded | Should -Be 3
        $batch.Summary.NotStarted | Should -Be 5
        $batch.Summary.StoppedByBudget | Should -BeTrue
        $batch.Summary.CreditsEstimated | Should -Be (3 * $Price)
        $batch.Summary.BalanceBefore - $batch.Summary.BalanceAfter | Should -Be $stats.creditsCharged
        @($warned | Where-Object { "$_" -like '*credit budget*stopped the run*5 job(s) not started*-MaxCredits*' }) | Should -HaveCount 1
        $report = Get-Content -Raw -LiteralPath $batch.Summary.ReportPath
        $report | Should -BeLike '*budget 1,540: stopped the run, 5 job(s) not started*'
        @((Read-BananaManifest -OutputPath $out).jobs | Where-Object status -eq 'succeeded') | Should -HaveCount 3

        $again = Split-BatchOutput (Start-BananaBatch -Path $inputFolder -OutputPath $out @Conn)

        $again.Summary.Succeeded | Should -Be 5
        $again.Summary.Skipped | Should -Be 3
        $again.Summary.StoppedByBudget | Should -BeFalse
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).submissions | Should -Be 8 -Because 'the rerun submits only the 5 held back'
    }

    It 'Invoke-BananaGenerate stops submitting at the budget and warns' {
        $photo = Send-BananaImage -LiteralPath (Join-Path $Samples 'image/model-01.jpg') @Conn
        $jobs = 1..5 | ForEach-Object { [pscustomobject]@{ Prompt = "budget job $_"; ImageUrl = $photo.Url } }

        $results = $jobs | Invoke-BananaGenerate -MaxCredits (2.5 * $Price) -ThrottleLimit 5 @Conn -WarningVariable warned 3>$null

        (Get-BananaEmulatorStats -Uri $Target.BaseUri).submissions | Should -Be 2
        @($results | Where-Object Status -eq 'Succeeded') | Should -HaveCount 2
        @($warned | Where-Object { "$_" -like '*credit budget*3 job(s) not started*' }) | Should -HaveCount 1
    }

    It 'a budget of 0 submits nothing' {
        $inputFolder = Copy-Samples 'budget-zero'
        $batch = Split-BatchOutput (Start-BananaBatch -Path $inputFolder -OutputPath (Join-Path $TestDrive 'zero-out') -MaxCredits 0 @Conn 3>$null)

        $batch.Summary.NotStarted | Should -Be 8
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).submissions | Should -Be 0
    }
}
