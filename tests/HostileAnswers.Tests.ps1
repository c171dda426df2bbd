# Acceptance for issue 11 (answers a hostile or broken service sends): an upload token or a result URL naming an
# address that is not a public web address, a huge non-image body, and a PNG that is whole on the outside and garbage
# inside. Each fails its own job as data with
# a specific ErrorId, keeps the task id, and the rest of the batch goes on. The emulator serves the hostile answers and
# its own counters say what was paid and how many bytes were taken. Emulator only.
BeforeDiscovery {
    $script:IsLive = [bool]($env:GRSAI_API_KEY -and $env:GRSAI_BASE_URL)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../tools/TestImages.psm1') -Force
    $script:Target = Get-BananaTestTarget
    Import-Module $Target.ModulePath -Force
    $script:Conn = @{ BaseUri = $Target.BaseUri; ApiKey = $Target.ApiKey }

    function script:Invoke-HostileBatch([string] $Name, [hashtable[]] $Faults, [int] $Prompts = 4) {
        Reset-BananaEmulator -Uri $Target.BaseUri
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ faults = $Faults }
        $in = New-TestInputFolder -Path (Join-Path $TestDrive $Name) -ImageCount 1 -Prompts (1..$Prompts | ForEach-Object { "$Name prompt $_" })
        $out = Join-Path $TestDrive "$Name-out"
        $run = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn -ThrottleLimit 1 -MaxRetries 2 -RetryIntervalSec 0.05 `
                -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        [pscustomobject]@{ In = $in; Out = $out; Run = $run; Stats = Get-BananaEmulatorStats -Uri $Target.BaseUri }
    }
}

AfterAll {
    Reset-BananaEmulator -Uri $Target.BaseUri
    Close-BananaTestTarget -Target $Target
}

Describe 'A task whose result URL is not a public web address: <Label>' -Skip:$IsLive -ForEach @(
    @{ Label = 'file'; Url = 'file:///etc/passwd' }
    @{ Label = 'data'; Url = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==' }
    @{ Label = 'relative'; Url = '/results/somewhere-else.png' }
    @{ Label = 'link-local metadata host'; Url = 'http://169.254.169.254/latest/meta-data/iam' }
    @{ Label = 'private network host'; Url = 'http://10.20.30.40/result.png' }
) {
    BeforeAll {
        # The second of four jobs gets the hostile address; the other three are ordinary.
        $script:Case = Invoke-HostileBatch -Name "url-$($Label -replace '\W', '-')" -Faults @(
            @{ endpoint = 'draw'; kind = 'foreign-result-url'; address = $Url; after = 1; count = 1 })
    }

    It 'fails that job alone with ResultUrlRefused, keeping its task id; the others are saved and the report written' {
        $Case.Stats.faultsByKind.'foreign-result-url' | Should -Be 1
        $Case.Run.Summary.Succeeded | Should -Be 3
        $Case.Run.Summary.Failed | Should -Be 1
        $failed = @($Case.Run.Jobs | Where-Object Status -EQ 'Failed')
        $failed | Should -HaveCount 1
        $failed[0].ErrorId | Should -Be 'ResultUrlRefused'
        $failed[0].TaskId | Should -Not -BeNullOrEmpty
        @(Get-ChildItem -LiteralPath $Case.Out -Filter '*.png') | Should -HaveCount 3
        Join-Path $Case.Out 'report.html' | Should -Exist
        $Case.Stats.charges | Should -Be 4
    }

    It 'a rerun asks the recorded task again, pays for nothing and fails the same way' {
        $again = Split-BatchOutput (Start-BananaBatch -Path $Case.In -OutputPath $Case.Out @Conn -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $again.Summary.Skipped | Should -Be 3
        $again.Summary.Failed | Should -Be 1
        @($again.Jobs | Where-Object Status -EQ 'Failed')[0].ErrorId | Should -Be 'ResultUrlRefused'
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).charges | Should -Be 4 -Because 'the recorded task is polled, never submitted again'
    }
}

Describe 'Invoke-BananaGenerate given a result URL on a private network' -Skip:$IsLive {
    It 'returns the job as failed with its task id instead of stopping the pipeline' {
        Reset-BananaEmulator -Uri $Target.BaseUri
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ faults = @(
                @{ endpoint = 'draw'; kind = 'foreign-result-url'; address = 'http://169.254.169.254/latest/meta-data/'; count = 1 }) }
        $out = Join-Path $TestDrive 'pipeline-foreign'

        $photos = 1, 2 | ForEach-Object { New-TestPng -Path (Join-Path $TestDrive "pipeline-photo-$_.png") -Seed $_ }

        $results = @($photos | Send-BananaImage @Conn | Invoke-BananaGenerate -Prompt 'a calm pose' -OutputPath $out @Conn -ErrorAction SilentlyContinue)

        $results | Should -HaveCount 2
        $failed = @($results | Where-Object Status -EQ 'Failed')
        $failed | Should -HaveCount 1
        $failed[0].ErrorId | Should -Be 'ResultUrlRefused'
        $failed[0].TaskId | Should -Not -BeNullOrEmpty
        @($results | Where-Object Status -EQ 'Succeeded') | Should -HaveCount 1
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).charges | Should -Be 2
    }
}

Describe 'A download whose body is a 50 MB web page' -Skip:$IsLive {
    BeforeAll {
        $script:PageBytes = 50MB
        $script:Case = Invoke-HostileBatch -Name 'big-page' -Prompts 1 -Faults @(
            @{ endpoint = 'results'; kind = 'corrupt-html'; bodyBytes = $PageBytes })
        Write-Host ("A 50 MB page, {0} attempt(s): {1:N0} bytes sent in all" -f $Case.Stats.faultsByKind.'corrupt-html', $Case.Stats.resultBytesServed)
    }

    It 'fails the job with InvalidResultImage, its task id kept and no file written' {
        $Case.Stats.faultsByKind.'corrupt-html' | Should -BeGreaterThan 0
        $Case.Run.Jobs | Should -HaveCount 1
        $job = $Case.Run.Jobs[0]
        $job.ErrorId | Should -Be 'InvalidResultImage'
        $job.TaskId | Should -Not -BeNullOrEmpty
        @(Get-ChildItem -LiteralPath $Case.Out -File | Where-Object Extension -NE '.json' | Where-Object Name -NE 'report.html') | Should -HaveCount 0
    }

    It 'stopped reading each attempt at its first bytes: all attempts together took less than one page' {
        $Case.Stats.faultsByKind.'corrupt-html' | Should -BeGreaterThan 1 -Because 'the download is tried more than once'
        $Case.Stats.resultBytesServed | Should -BeLessThan $PageBytes
    }

    It 'says what the body was without quoting it' {
        $job = $Case.Run.Jobs[0]
        $job.Error | Should -Match 'html|not an image|image'
        $job.Error | Should -Not -Match 'xxxx'
        $job.Error | Should -Not -Match '<html'
    }
}

Describe 'A PNG whose start, chunks and end are whole but whose pixel data is garbage' -Skip:$IsLive {
    BeforeAll {
        $script:Case = Invoke-HostileBatch -Name 'garbled' -Prompts 1 -Faults @(
            @{ endpoint = 'results'; kind = 'garbled-image' })
    }

    It 'is never saved as a result: the job fails with InvalidResultImage and keeps its task id' {
        $Case.Stats.faultsByKind.'garbled-image' | Should -BeGreaterThan 0
        $Case.Run.Jobs | Should -HaveCount 1
        $job = $Case.Run.Jobs[0]
        $job.Status | Should -Be 'Failed'
        $job.ErrorId | Should -Be 'InvalidResultImage'
        $job.TaskId | Should -Not -BeNullOrEmpty
        @(Get-ChildItem -LiteralPath $Case.Out -Filter '*.png') | Should -HaveCount 0
    }

    It 'is downloaded whole by the rerun once the service serves it right, without paying again' {
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ faults = @() }
        $again = Split-BatchOutput (Start-BananaBatch -Path $Case.In -OutputPath $Case.Out @Conn -ErrorAction SilentlyContinue)
        $again.Summary.Succeeded | Should -Be 1
        $pngs = @(Get-ChildItem -LiteralPath $Case.Out -Filter '*.png')
        $pngs | Should -HaveCount 1
        Test-PngFile $pngs[0].FullName | Should -BeTrue
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).charges | Should -Be 1
    }
}

Describe 'An upload token whose domain is not a web address' -Skip:$IsLive {
    BeforeAll {
        Reset-BananaEmulator -Uri $Target.BaseUri
    }

    It 'Send-BananaImage refuses it with UploadAddressRefused, saying the service returned it' {
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ faults = @(
                @{ endpoint = 'upload-token'; kind = 'foreign-upload-domain'; address = 'javascript:alert(1)'; count = 1 }) }
        $photo = New-TestPng -Path (Join-Path $TestDrive 'token-photo.png') -Seed 3

        $sent = Send-BananaImage -LiteralPath $photo.FullName @Conn -ErrorVariable failure -ErrorAction SilentlyContinue

        $sent | Should -BeNullOrEmpty
        $failure | Should -HaveCount 1
        $failure[0].FullyQualifiedErrorId | Should -Match '^UploadAddressRefused'
        $failure[0].Exception.Message | Should -Match 'service'
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).faultsByKind.'foreign-upload-domain' | Should -Be 1
    }

    It 'in a batch, fails only the jobs of that photo before anything is paid for them, and the rerun uploads it again' {
        Reset-BananaEmulator -Uri $Target.BaseUri
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ faults = @(
                @{ endpoint = 'upload-token'; kind = 'foreign-upload-domain'; address = 'javascript:alert(1)'; count = 1 }) }
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'token-batch') -ImageCount 2 -Prompts 'a calm pose', 'a white background'
        $out = Join-Path $TestDrive 'token-batch-out'

        $run = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn -ThrottleLimit 1 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)

        $run.Summary.Succeeded | Should -Be 2
        $failed = @($run.Jobs | Where-Object Status -EQ 'Failed')
        $failed | Should -HaveCount 2
        $failed | ForEach-Object { $_.ErrorId | Should -Be 'UploadAddressRefused' }
        @($failed.SourcePath | Sort-Object -Unique) | Should -HaveCount 1 -Because 'both failed jobs are the one photo whose upload was refused'
        $failed | ForEach-Object { $_.Error | Should -Not -Match 'upload the image first' }
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).charges | Should -Be 2

        $again = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn -ErrorAction SilentlyContinue)
        $again.Summary.Succeeded | Should -Be 2
        $again.Summary.Skipped | Should -Be 2
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).charges | Should -Be 4 -Because 'the two refused jobs are paid once each, the others not again'
    }
}
