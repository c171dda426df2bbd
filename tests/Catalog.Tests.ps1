# The model catalog as a user meets it: Get-BananaModel, a user's own catalog file, and a model the catalog does
# not know yet, which is sent as asked with one warning instead of being refused.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../tools/TestImages.psm1') -Force
    $script:Target = Get-BananaTestTarget
    Import-Module $Target.ModulePath -Force
    $script:Conn = @{ BaseUri = $Target.BaseUri; ApiKey = $Target.ApiKey }
    $script:SavedCatalogPath = $env:BANANA_MODEL_CATALOG
}

AfterAll {
    $env:BANANA_MODEL_CATALOG = $SavedCatalogPath
    Close-BananaTestTarget -Target $Target
}

Describe 'Get-BananaModel' {
    BeforeEach {
        # No user file unless a test writes one: the built-in data alone.
        $env:BANANA_MODEL_CATALOG = Join-Path $TestDrive 'absent-models.json'
    }

    It 'lists the built-in catalog with sizes, ratios, credits and the date it was checked' {
        $models = Get-BananaModel
        $models.Name | Should -Contain 'nano-banana-fast'
        $models.Name | Should -Contain 'nano-banana-2-lite'
        $models | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'Banana.PowerShell.BananaModel' }
        $fast = $models | Where-Object Name -EQ 'nano-banana-fast'
        $fast.ImageSizes | Should -HaveCount 0
        $fast.AspectRatios | Should -Contain '16:9'
        $fast.Credits | Should -BeGreaterThan 0
        $fast.CheckedOn | Should -Match '^\d{4}-\d{2}-\d{2}$'
        $fast.Source | Should -Be 'built-in'
    }

    It 'carries the current public lists: <Name> takes <Sizes>' -ForEach @(
        @{ Name = 'nano-banana-2-lite'; Sizes = @('1K', '2K') }
        @{ Name = 'nano-banana-2-2k-cl'; Sizes = @('2K') }
        @{ Name = 'nano-banana-2-cl'; Sizes = @('1K') }
        @{ Name = 'nano-banana-pro-cl'; Sizes = @('1K') }
    ) {
        (Get-BananaModel -Name $Name).ImageSizes | Should -Be $Sizes
    }

    It 'gives nano-banana-2-2k-cl the nano-banana-2 family''s extra ratios' {
        (Get-BananaModel nano-banana-2-2k-cl).AspectRatios | Should -Contain '1:8'
    }

    It 'filters by wildcard and takes names from the pipeline' {
        $family = Get-BananaModel -Name 'nano-banana-2*'
        $family.Count | Should -BeGreaterThan 2
        $family.Name | ForEach-Object { $_ | Should -BeLike 'nano-banana-2*' }
        ('nano-banana-fast', 'nano-banana-pro' | Get-BananaModel).Name | Should -Be @('nano-banana-fast', 'nano-banana-pro')
    }

    It 'says when a literal name is not in the catalog, without stopping' {
        $found = Get-BananaModel -Name 'nano-banana-fast', 'nano-banana-zz' -ErrorVariable missing -ErrorAction SilentlyContinue
        $found.Name | Should -Be 'nano-banana-fast'
        $missing | Should -HaveCount 1
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'ModelNotInCatalog,*'
        $missing[0].Exception.Message | Should -Match 'not in the catalog'
    }

    It 'shows a table view' {
        (Get-BananaModel nano-banana-pro | Format-Table | Out-String) | Should -Match 'nano-banana-pro\s+1,800\s+1K,2K,4K'
    }

    It 'lays the user''s file over the built-in data: a new model, and one field of a known one' {
        $file = Join-Path $TestDrive 'models.json'
        Set-Content -LiteralPath $file -Encoding utf8 -Value @'
{ "models": [
    { "name": "nano-banana-3", "imageSizes": ["2K"], "aspectRatios": ["auto", "1:1"], "credits": 2500 },
    { "name": "nano-banana-fast", "credits": 500 }
] }
'@
        $env:BANANA_MODEL_CATALOG = $file

        $new = Get-BananaModel nano-banana-3
        $new.ImageSizes | Should -Be @('2K')
        $new.Credits | Should -Be 2500
        $new.Source | Should -Be $file
        $fast = Get-BananaModel nano-banana-fast
        $fast.Credits | Should -Be 500
        $fast.AspectRatios | Should -Contain '16:9'
    }

    It 'refuses a broken user file with a clear error naming it' {
        $file = Join-Path $TestDrive 'broken.json'
        Set-Content -LiteralPath $file -Value '{ "models": [ { "name": "x", ' -Encoding utf8
        $env:BANANA_MODEL_CATALOG = $file

        { Get-BananaModel -ErrorAction Stop } | Should -Throw -ErrorId 'ModelCatalogInvalid*'
        { Get-BananaModel -ErrorAction Stop } | Should -Throw '*broken.json*'
    }
}

Describe 'A model the catalog does not know' {
    BeforeEach {
        $env:BANANA_MODEL_CATALOG = Join-Path $TestDrive 'absent-models.json'
        Reset-BananaEmulator -Uri $Target.BaseUri
    }

    It 'is not refused: one warning names it, and nothing else stops the command' {
        $null = Invoke-BananaGenerate -Prompt 'a calm pose' -Model 'nano-banana-from-tomorrow' -WhatIf @Conn `
            -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction Stop
        $warned | Should -HaveCount 1
        $warned[0].Message | Should -Match "'nano-banana-from-tomorrow' is not in the catalog: sizes and ratios not checked"
    }

    It 'goes through a whole batch on the <Api> API with one warning, sent as asked' -ForEach @(@{ Api = 'Draw' }, @{ Api = 'Generate' }) {
        # The service knows a model our catalog does not: the day grsai adds one, a user can use it.
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{
            extraModels = @(@{ name = 'nano-banana-from-tomorrow'; imageSizes = @('2K'); aspectRatios = @('auto', '1:1'); credits = 900 })
        }
        $in = New-TestInputFolder -Path (Join-Path $TestDrive "tomorrow-$Api") -ImageCount 2 -Prompts 'a calm pose', 'a red dress'
        $all = Start-BananaBatch -Path $in -OutputPath (Join-Path $TestDrive "tomorrow-$Api-out") -Model 'nano-banana-from-tomorrow' -ImageSize 2K `
            -Api $Api @Conn -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction Stop
        $summary = $all | Where-Object { $_.PSObject.TypeNames -contains 'Banana.Engine.BatchSummary' }

        $summary.Succeeded | Should -Be 4
        $warned | Should -HaveCount 1
        $warned[0].Message | Should -Match "'nano-banana-from-tomorrow' is not in the catalog"
        $stats = Get-BananaEmulatorStats -Uri $Target.BaseUri
        $stats.submissionsByApi.($Api.ToLowerInvariant()) | Should -Be 4
        $stats.refusalCount | Should -Be 0
        @($stats.submissionsBySignature.PSObject.Properties.Name | Where-Object { $_ -match '"nano-banana-from-tomorrow"' }) | Should -HaveCount 4
    }

    It 'is checked like any other once the user''s file names it' {
        $file = Join-Path $TestDrive 'models.json'
        Set-Content -LiteralPath $file -Encoding utf8 -Value '{ "models": [ { "name": "nano-banana-from-tomorrow", "imageSizes": ["2K"] } ] }'
        $env:BANANA_MODEL_CATALOG = $file

        { Invoke-BananaGenerate -Prompt 'x' -Model 'nano-banana-from-tomorrow' -ImageSize '4K' @Conn -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidGenerationParameters*'
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).submissions | Should -Be 0
    }
}
