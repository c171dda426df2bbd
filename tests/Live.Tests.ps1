# The live tier: a few checks against the real service, run IN ADDITION to every emulator test when both
# GRSAI_API_KEY and GRSAI_BASE_URL are set (TestSupport.psm1 moves them aside so the emulator tests are unaffected).
# Cheap on purpose: four nano-banana-fast images in all (one from the pipeline on each API, two from the batch; its
# resume spends nothing). Each submitted, recorded and polled, as the cmdlets do by default.
BeforeDiscovery {
    $script:HasLive = [bool](($env:GRSAI_API_KEY -and $env:GRSAI_BASE_URL) -or ($env:BANANA_LIVE_API_KEY -and $env:BANANA_LIVE_BASE_URL))
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../tools/TestImages.psm1') -Force
    $script:Live = Get-BananaLiveTarget
    if ($Live) {
        Import-Module $Live.ModulePath -Force
        $script:Conn = @{ BaseUri = $Live.BaseUri; ApiKey = $Live.ApiKey }
        $script:Photo = Join-Path $PSScriptRoot '../samples/input/image/model-01.jpg'
    }
}

Describe 'The live service' -Tag 'Live' -Skip:(-not $HasLive) {
    It 'serves an uploaded photo back unchanged (-Verify)' {
        $sent = Send-BananaImage -LiteralPath $Photo -Verify @Conn
        $sent.Verified | Should -BeTrue
        $sent.Url | Should -Match '^https://'
    }

    It 'generates one image from an upload on the <Api> API, saved whole, and the credits go down' -ForEach @(@{ Api = 'Draw' }, @{ Api = 'Generate' }) {
        $before = (Get-BananaCredit @Conn).Credits
        $out = Join-Path $TestDrive "live-pipeline-$Api"
        $result = Send-BananaImage -LiteralPath $Photo @Conn | Invoke-BananaGenerate -Prompt '换一个自然休闲优雅的pose' -OutputPath $out -Api $Api @Conn

        $result.Status | Should -Be 'Succeeded' -Because $result.Error
        $result.Api | Should -Be $Api
        $result.TaskId | Should -Not -BeNullOrEmpty
        $files = @(Get-ChildItem -LiteralPath $out -Filter '*.png')
        $files | Should -Not -BeNullOrEmpty
        foreach ($f in $files) { Test-PngFile $f.FullName | Should -BeTrue -Because "$($f.Name) must be a whole PNG" }
        (Get-BananaCredit @Conn).Credits | Should -BeLessThan $before
    }

    It 'runs a two-job batch, and its resume skips both and spends nothing' {
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'live-batch') -ImageCount 1 -Prompts 'a calm pose', 'a white background'
        $out = Join-Path $TestDrive 'live-batch-out'
        $first = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn)
        $first.Summary.Succeeded | Should -Be 2
        $pngs = @(Get-ChildItem -LiteralPath $out -Filter '*.png')
        $pngs | Should -HaveCount 2
        foreach ($f in $pngs) { Test-PngFile $f.FullName | Should -BeTrue -Because "$($f.Name) must be a whole PNG" }
        $credits = (Get-BananaCredit @Conn).Credits

        $again = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn)

        $again.Summary.Skipped | Should -Be 2
        (Get-BananaCredit @Conn).Credits | Should -Be $credits -Because 'a resumed batch with nothing left to do pays nothing'
    }
}
