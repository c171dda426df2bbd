# Acceptance: the composable pipeline a person types, against the emulator (the live service has its own small tier
# in Live.Tests.ps1).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:Target = Get-BananaTestTarget
    Import-Module $Target.ModulePath -Force
    $script:Images = Join-Path $PSScriptRoot '../samples/input/image'
    $script:Conn = @{ BaseUri = $Target.BaseUri; ApiKey = $Target.ApiKey }
}

AfterAll {
    Close-BananaTestTarget -Target $Target
}

Describe 'Get-ChildItem | Send-BananaImage | Invoke-BananaGenerate on the <Api> API' -ForEach @(@{ Api = 'Draw' }, @{ Api = 'Generate' }) {
    BeforeAll {
        # Only the spending cmdlet takes -Api: uploads are the same on both APIs.
        $Spend = @{ Api = $Api }
    }

    BeforeEach {
        Reset-BananaEmulator -Uri $Target.BaseUri
    }

    It 'saves one whole PNG per image, named after its source' {
        $out = Join-Path $TestDrive 'out'
        $results = Get-ChildItem -LiteralPath $Images | Send-BananaImage @Conn |
            Invoke-BananaGenerate -Prompt '换一个自然休闲优雅的pose' -OutputPath $out @Conn @Spend

        $results | Should -HaveCount 4
        $results.Status | Sort-Object -Unique | Should -Be 'Succeeded'
        $files = Get-ChildItem -LiteralPath $out -Filter '*.png'
        $files | Should -HaveCount 4
        foreach ($f in $files) { Test-PngFile $f.FullName | Should -BeTrue -Because "$($f.Name) must be a whole PNG" }
        $stems = (Get-ChildItem -LiteralPath $Images).BaseName | Sort-Object
        ($files.Name -replace '_1\.png$' | Sort-Object) | Should -Be $stems
        $stats = Get-BananaEmulatorStats -Uri $Target.BaseUri
        $stats.submissions | Should -Be 4
        $stats.submissionsByApi.($Api.ToLowerInvariant()) | Should -Be 4 -Because "every job goes to the $Api API"
        $stats.refusalCount | Should -Be 0
        $results.Api | Sort-Object -Unique | Should -Be $Api
        # The model's text reply travels with its image.
        foreach ($r in $results) { $r.Content | Should -Match '换一个自然休闲优雅的pose' }
    }

    It 'gives each job of one photo its own file: three prompts, three results, three paid' {
        $upload = Get-ChildItem -LiteralPath (Join-Path $Images 'model-01.jpg') | Send-BananaImage @Conn
        $jobs = 'a calm pose', 'a white background', 'a red dress' |
            ForEach-Object { [pscustomobject]@{ Prompt = $_; ImageUrl = $upload.Url; SourcePath = $upload.Path } }
        $out = Join-Path $TestDrive 'one-photo'

        $results = $jobs | Invoke-BananaGenerate -OutputPath $out @Conn @Spend

        $results | Should -HaveCount 3
        $results.Status | Sort-Object -Unique | Should -Be 'Succeeded'
        (Get-ChildItem -LiteralPath $out -Filter '*.png').Name | Sort-Object |
            Should -Be 'model-01_1.png', 'model-01_2.png', 'model-01_3.png'
        ($results.OutputFiles | Sort-Object -Unique) | Should -HaveCount 3
        # Numbered in the order the rows came, whichever finished first.
        $byPrompt = @{}; foreach ($r in $results) { $byPrompt[$r.Prompt] = Split-Path -Leaf $r.OutputFiles[0] }
        $byPrompt['a calm pose'] | Should -Be 'model-01_1.png'
        $byPrompt['a white background'] | Should -Be 'model-01_2.png'
        $byPrompt['a red dress'] | Should -Be 'model-01_3.png'
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).submissions | Should -Be 3
    }

    It 'fails a rerun of the same jobs with OutputExists before paying, and -Force replaces the results' {
        $upload = Get-ChildItem -LiteralPath (Join-Path $Images 'model-01.jpg') | Send-BananaImage @Conn
        $jobs = 'a calm pose', 'a white background' |
            ForEach-Object { [pscustomobject]@{ Prompt = $_; ImageUrl = $upload.Url; SourcePath = $upload.Path } }
        $out = Join-Path $TestDrive 'rerun'
        $null = $jobs | Invoke-BananaGenerate -OutputPath $out @Conn @Spend

        $rerun = $jobs | Invoke-BananaGenerate -OutputPath $out @Conn @Spend -ErrorVariable refused -ErrorAction SilentlyContinue

        $rerun.Status | Sort-Object -Unique | Should -Be 'Failed'
        $refused | Should -HaveCount 2
        foreach ($e in $refused) { $e.FullyQualifiedErrorId | Should -BeLike 'OutputExists*' }
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).submissions | Should -Be 2

        $forced = $jobs | Invoke-BananaGenerate -OutputPath $out -Force @Conn @Spend
        $forced.Status | Sort-Object -Unique | Should -Be 'Succeeded'
        (Get-ChildItem -LiteralPath $out -Filter '*.png').Name | Sort-Object | Should -Be 'model-01_1.png', 'model-01_2.png'
    }

    It 'retires a rejected key and finishes every job on the next one: -ApiKey bad,good' {
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ rejectedKeys = @('sk-pipeline-revoked') }
        $upload = Get-ChildItem -LiteralPath (Join-Path $Images 'model-01.jpg') | Send-BananaImage @Conn
        $jobs = 'a calm pose', 'a white background', 'a red dress', 'a blue coat' |
            ForEach-Object { [pscustomobject]@{ Prompt = $_; ImageUrl = $upload.Url; SourcePath = $upload.Path } }
        $out = Join-Path $TestDrive 'bad-good'

        $results = $jobs | Invoke-BananaGenerate @Spend -OutputPath $out -ApiKey 'sk-pipeline-revoked', 'sk-pipeline-good' -BaseUri $Target.BaseUri `
            -WarningVariable warnings -WarningAction SilentlyContinue

        $results | Should -HaveCount 4
        $results.Status | Sort-Object -Unique | Should -Be 'Succeeded'
        (Get-ChildItem -LiteralPath $out -Filter '*.png').Name | Sort-Object |
            Should -Be 'model-01_1.png', 'model-01_2.png', 'model-01_3.png', 'model-01_4.png'
        ($warnings -join "`n") | Should -Match 'key #1 was rejected'
        ($warnings -join "`n") | Should -Not -Match 'sk-pipeline'
        $byKey = (Get-BananaEmulatorStats -Uri $Target.BaseUri).submissionsByKey
        $byKey.'sk-pipeline-good' | Should -Be 4
        $byKey.PSObject.Properties.Name | Should -Not -Contain 'sk-pipeline-revoked'
    }

    It 'uploads in input order and -Verify checks each URL serves the same bytes' {
        $files = Get-ChildItem -LiteralPath $Images
        $uploads = $files | Send-BananaImage -Verify @Conn
        $uploads | Should -HaveCount $files.Count
        $uploads.Path | Should -Be $files.FullName
        $uploads.Verified | Sort-Object -Unique | Should -BeTrue
        foreach ($u in $uploads) { $u.Url | Should -Match '^https?://' }
    }

    It 'spends nothing with -WhatIf' {
        $null = Get-ChildItem -LiteralPath $Images | Send-BananaImage @Conn |
            Invoke-BananaGenerate -Prompt 'pose' -OutputPath (Join-Path $TestDrive 'whatif') -WhatIf @Conn @Spend
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).submissions | Should -Be 0
        Join-Path $TestDrive 'whatif' | Should -Not -Exist
    }

    It 'reports a moderated prompt as a non-terminating ContentModerated error while the other jobs succeed' {
        $urls = (Get-ChildItem -LiteralPath $Images | Select-Object -First 3 | Send-BananaImage @Conn).Url
        $jobs = @(
            [pscustomobject]@{ Prompt = 'a calm pose'; ImageUrl = $urls[0] }
            [pscustomobject]@{ Prompt = 'MODERATE_ME please'; ImageUrl = $urls[1] }
            [pscustomobject]@{ Prompt = 'a white background'; ImageUrl = $urls[2] }
        )
        $results = $jobs | Invoke-BananaGenerate @Conn @Spend -ErrorVariable failures -ErrorAction SilentlyContinue

        $results | Should -HaveCount 3
        @($results | Where-Object Status -EQ 'Succeeded') | Should -HaveCount 2
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ContentModerated*'
        $failures[0].Exception.Message | Should -Match 'moderation'
    }

    It 'refuses an invalid model / size combination before spending anything' {
        { Invoke-BananaGenerate -Prompt 'x' -Model 'nano-banana-fast' -ImageSize '4K' @Conn @Spend -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidGenerationParameters*'
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).submissions | Should -Be 0
    }

    It 'reports a file that is not an image and uploads the others' {
        $dir = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'mixed')
        Copy-Item (Join-Path $Images 'model-01.jpg') $dir
        Set-Content -LiteralPath (Join-Path $dir 'notes [1].jpg') -Value 'this is text, not a photo'
        $uploads = Get-ChildItem -LiteralPath $dir | Send-BananaImage @Conn -ErrorVariable bad -ErrorAction SilentlyContinue
        $uploads | Should -HaveCount 1
        $bad | Should -HaveCount 1
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'NotAnImage*'
        $bad[0].TargetObject | Should -BeLike '*notes `[1`].jpg'
    }
}

Describe 'Credentials' {
    It 'gives a terminating error that says how to set a key when there is none' {
        Push-Location $TestDrive   # no .env here
        try {
            $err = { Invoke-BananaGenerate -Prompt 'x' -BaseUri $Target.BaseUri -ErrorAction Stop } |
                Should -Throw -ErrorId 'ApiKeyMissing*' -PassThru
            $err.Exception.Message | Should -Match 'GRSAI_API_KEY'
            $err.Exception.Message | Should -Match '-ApiKey'
            $err.Exception.Message | Should -Match ([regex]::Escape('$env:GRSAI_API_KEY'))
        }
        finally { Pop-Location }
    }

    It 'reads the key from a .env file in the current folder' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'withenv')
        Set-Content -LiteralPath (Join-Path $folder '.env') -Value "GRSAI_API_KEY=$($Target.ApiKey)"
        Push-Location $folder
        try { (Get-BananaCredit -BaseUri $Target.BaseUri).Credits | Should -BeGreaterThan 0 }
        finally { Pop-Location }
    }

    It 'shows credits that run down as images are generated' {
        $before = (Get-BananaCredit @Conn).Credits
        $null = Invoke-BananaGenerate -Prompt 'a cat' @Conn
        (Get-BananaCredit @Conn).Credits | Should -BeLessThan $before
    }
}
