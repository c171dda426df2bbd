# Acceptance: photos are prepared for upload in the built module (SkiaSharp and its native library load from the
# module's own folder), against the emulator, which keeps what it was sent so the test can look at it.
BeforeDiscovery {
    $script:IsLive = [bool]($env:GRSAI_API_KEY -and $env:GRSAI_BASE_URL)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../tools/TestImages.psm1') -Force
    $script:Target = Get-BananaTestTarget
    Import-Module $Target.ModulePath -Force
    $script:Conn = @{ BaseUri = $Target.BaseUri; ApiKey = $Target.ApiKey }

    function Get-SentPhoto([string] $Url) {
        <# What the service received, as a viewer would show it: fetched back from the upload's URL. #>
        $bytes = (Invoke-WebRequest -Uri $Url -UseBasicParsing).Content
        [Banana.TestSupport.TestPhotos]::Inspect([byte[]]$bytes)
    }
}

AfterAll {
    Close-BananaTestTarget -Target $Target
}

Describe 'Send-BananaImage prepares photos for upload' {
    BeforeEach {
        if (-not $Target.Live) { Reset-BananaEmulator -Uri $Target.BaseUri }
    }

    It 'sends a 6000x4000 JPEG with EXIF orientation 6 as an upright copy within the limits, and leaves the original alone' -Skip:$IsLive {
        $photo = Join-Path $TestDrive 'phone photo 手机.jpg'
        [IO.File]::WriteAllBytes($photo, [Banana.TestSupport.TestPhotos]::OrientedJpeg(6000, 4000, 6, 90, $false))
        $before = (Get-FileHash -LiteralPath $photo).Hash

        $sent = Send-BananaImage -LiteralPath $photo @Conn

        $sent.Path | Should -Be $photo
        $sent.Resized | Should -BeTrue
        "$($sent.Width)x$($sent.Height)" | Should -Be '1365x2048'
        $sent.Bytes | Should -BeLessOrEqual 5MB
        $received = Get-SentPhoto $sent.Url
        "$($received.Width)x$($received.Height)" | Should -Be '1365x2048' -Because 'the service gets the photo upright, its longest edge at the 2048 px default'
        $received.Orientation | Should -BeLessOrEqual 1 -Because 'the copy carries no tag that would turn it a second time'
        [Banana.TestSupport.TestPhotos]::Near($received.TopRight, [Banana.TestSupport.TestPhotos]::Marker) |
            Should -BeTrue -Because 'the stored top-left corner is the top right once turned a quarter clockwise'
        (Get-FileHash -LiteralPath $photo).Hash | Should -Be $before
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).uploads | Should -Be 1
    }

    It 'honours -MaxUploadEdge and sends a photo within both limits byte for byte' -Skip:$IsLive {
        $photo = Join-Path $TestDrive 'wide.jpg'
        [IO.File]::WriteAllBytes($photo, [Banana.TestSupport.TestPhotos]::OrientedJpeg(1600, 1200, 1, 90, $false))

        $small = Send-BananaImage -LiteralPath $photo -MaxUploadEdge 800 @Conn
        $whole = Send-BananaImage -LiteralPath $photo @Conn

        "$($small.Width)x$($small.Height)" | Should -Be '800x600'
        $received = Get-SentPhoto $small.Url
        "$($received.Width)x$($received.Height)" | Should -Be '800x600'
        $whole.Resized | Should -BeFalse
        $whole.Bytes | Should -Be (Get-Item -LiteralPath $photo).Length
        (Invoke-WebRequest -Uri $whole.Url -UseBasicParsing).Content.Length | Should -Be (Get-Item -LiteralPath $photo).Length
    }

    It 'refuses an image SkiaSharp cannot decode with ImageUndecodable, uploads nothing, and goes on with the others' -Skip:$IsLive {
        $good = Join-Path $TestDrive 'good.jpg'
        $broken = Join-Path $TestDrive 'cut short.jpg'
        $whole = [Banana.TestSupport.TestPhotos]::OrientedJpeg(640, 480, 1, 90, $false)
        [IO.File]::WriteAllBytes($good, $whole)
        [IO.File]::WriteAllBytes($broken, $whole[0..($whole.Length / 2)])

        $sent = Send-BananaImage -LiteralPath $broken, $good @Conn -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ImageUndecodable*'
        $failures[0].TargetObject | Should -Be $broken
        "$($failures[0])" | Should -BeLike "*cut short*"
        @($sent).Path | Should -Be $good
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).uploads | Should -Be 1
    }
}

Describe 'Start-BananaBatch prepares photos for upload' {
    BeforeEach {
        if (-not $Target.Live) { Reset-BananaEmulator -Uri $Target.BaseUri }
    }

    It 'sends the turned phone photo upright and small, records what was sent in the manifest, and fails an undecodable photo before paying for it' -Skip:$IsLive {
        $inputFolder = Join-Path $TestDrive 'batch-in'
        $images = New-Item -ItemType Directory -Path (Join-Path $inputFolder 'image') -Force
        $null = New-Item -ItemType Directory -Path (Join-Path $inputFolder 'text') -Force
        [IO.File]::WriteAllLines((Join-Path $inputFolder 'text/text.txt'), [string[]]('a calm pose', 'a white background'))
        [IO.File]::WriteAllBytes((Join-Path $images 'phone.jpg'), [Banana.TestSupport.TestPhotos]::OrientedJpeg(6000, 4000, 6, 90, $false))
        $whole = [Banana.TestSupport.TestPhotos]::OrientedJpeg(640, 480, 1, 90, $false)
        [IO.File]::WriteAllBytes((Join-Path $images 'broken.jpg'), $whole[0..($whole.Length / 2)])
        $out = Join-Path $TestDrive 'batch-out'

        $all = Start-BananaBatch -Path $inputFolder -OutputPath $out @Conn -ErrorVariable failures -ErrorAction SilentlyContinue
        $batch = Split-BatchOutput $all

        $batch.Summary.Succeeded | Should -Be 2
        $batch.Summary.Failed | Should -Be 2
        @($failures | Where-Object FullyQualifiedErrorId -Like 'ImageUndecodable*') | Should -HaveCount 2
        $stats = Get-BananaEmulatorStats -Uri $Target.BaseUri
        $stats.uploads | Should -Be 1 -Because 'the broken photo is refused before it is sent'
        $stats.submissions | Should -Be 2 -Because 'only the phone photo''s two jobs are paid for'
        $rows = @((Read-BananaManifest -OutputPath $out).jobs | Where-Object { $_.sourcePath -like '*phone.jpg' })
        $rows | Should -HaveCount 2
        foreach ($row in $rows) {
            "$($row.upload.width)x$($row.upload.height)" | Should -Be '1365x2048'
            $row.upload.prepared | Should -BeTrue
            $row.upload.format | Should -Be 'jpeg'
        }
        $received = Get-SentPhoto $rows[0].uploadUrl
        "$($received.Width)x$($received.Height)" | Should -Be '1365x2048'
        [Banana.TestSupport.TestPhotos]::Near($received.TopRight, [Banana.TestSupport.TestPhotos]::Marker) | Should -BeTrue
        $rows[0].upload.bytes | Should -BeLessOrEqual 5MB
    }
}

Describe 'A system the module carries no image library for' {
    BeforeEach {
        if (-not $Target.Live) { Reset-BananaEmulator -Uri $Target.BaseUri }
    }

    It 'refuses photos with ImagingUnavailable, naming the system and what to do, and uploads and pays for nothing' -Skip:$IsLive {
        # The module as a 32-bit Windows or an Alpine user gets it: no libSkiaSharp that fits their system.
        $module = Join-Path $TestDrive 'Banana'
        Copy-Item -LiteralPath (Split-Path $Target.ModulePath) -Destination $module -Recurse
        Remove-Item -LiteralPath (Join-Path $module 'runtimes') -Recurse -Force
        $work = (New-Item -ItemType Directory -Path (Join-Path $TestDrive 'no-skia')).FullName
        $null = New-Item -ItemType Directory -Path (Join-Path $work 'input/image'), (Join-Path $work 'input/text') -Force
        [IO.File]::WriteAllBytes((Join-Path $work 'input/image/photo.jpg'), [Banana.TestSupport.TestPhotos]::OrientedJpeg(640, 480, 1, 90, $false))
        Set-Content -LiteralPath (Join-Path $work 'input/text/text.txt') -Value 'a calm pose' -Encoding utf8

        $run = Invoke-BananaChildProcess -WorkingDirectory $work -Script @"
Import-Module '$(Join-Path $module 'Banana.psd1')'
`$conn = @{ BaseUri = '$($Target.BaseUri)'; ApiKey = '$($Target.ApiKey)' }
`$null = Send-BananaImage -LiteralPath input/image/photo.jpg @conn -ErrorVariable sendErrors -ErrorAction SilentlyContinue
`$batch = @(Start-BananaBatch -Path input -OutputPath out @conn -ErrorVariable batchErrors -ErrorAction SilentlyContinue)
`$summary = `$batch | Where-Object { `$_.PSObject.TypeNames -contains 'Banana.Engine.BatchSummary' }
'RESULT:' + ([ordered]@{
    Send = @(`$sendErrors | ForEach-Object { [ordered]@{ Id = `$_.FullyQualifiedErrorId; Message = "`$_" } })
    Batch = @(`$batchErrors | ForEach-Object FullyQualifiedErrorId)
    Failed = `$summary.Failed; Succeeded = `$summary.Succeeded
} | ConvertTo-Json -Compress -Depth 4)
"@
        $line = ($run.Output -split "`r?`n") | Where-Object { $_ -like 'RESULT:*' } | Select-Object -Last 1
        $line | Should -Not -BeNullOrEmpty -Because "the child PowerShell printed:`n$($run.Output)`n$($run.Error)"
        $result = $line.Substring('RESULT:'.Length) | ConvertFrom-Json

        $result.Send | Should -HaveCount 1
        $result.Send[0].Id | Should -BeLike 'ImagingUnavailable*'
        $result.Send[0].Message | Should -BeLike '*photo.jpg*no native build for this system*64-bit*'
        @($result.Batch | Where-Object { $_ -like 'ImagingUnavailable*' }) | Should -HaveCount 1
        $result.Failed | Should -Be 1
        $result.Succeeded | Should -Be 0
        $stats = Get-BananaEmulatorStats -Uri $Target.BaseUri
        $stats.uploads | Should -Be 0
        $stats.submissions | Should -Be 0
    }
}
