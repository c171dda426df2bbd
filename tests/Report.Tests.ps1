# Acceptance for issue 9 point 5: a report of large results opens fast because the page loads small thumbnails, not
# the results. Judged by what the page loads in headless Chromium (files, sizes, bytes), never by a duration on this
# shared machine: the timing itself is measured by tools/ReportBench (README, "A report that opens fast").
BeforeDiscovery {
    $script:IsLive = [bool]($env:GRSAI_API_KEY -and $env:GRSAI_BASE_URL)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../tools/TestImages.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'HeadlessChromium.psm1') -Force
    $script:Target = Get-BananaTestTarget
    Import-Module $Target.ModulePath -Force
    $script:Conn = @{ BaseUri = $Target.BaseUri; ApiKey = $Target.ApiKey }
}

AfterAll {
    Close-BananaTestTarget -Target $Target
}

Describe 'A report of 2K results' -Skip:$IsLive {
    BeforeAll {
        Reset-BananaEmulator -Uri $Target.BaseUri
        # 4 photos x 6 prompts: 24 results of 2048 x 2048, as the service makes them for -ImageSize 2K.
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'big-in') -ImageCount 4 -Prompts (1..6 | ForEach-Object { "pose $_" })
        $script:Out = Join-Path $TestDrive 'big-out'
        $script:Run = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $Out -Model nano-banana-pro -ImageSize 2K @Conn)
        $script:Results = @(Get-ChildItem -LiteralPath $Out -Filter '*.png')
        $script:Dom = Get-RenderedReport -Path $Run.Summary.ReportPath
        # Every picture on the page: the link a click opens and the image the page itself loads.
        $script:Frames = @([regex]::Matches($Dom, '<a class="frame" href="([^"]+)"[^>]*><img src="([^"]+)"') | ForEach-Object {
            [pscustomobject]@{
                Full  = [IO.Path]::GetFullPath((Join-Path $Out ([uri]::UnescapeDataString([Net.WebUtility]::HtmlDecode($_.Groups[1].Value)))))
                Shown = [IO.Path]::GetFullPath((Join-Path $Out ([uri]::UnescapeDataString([Net.WebUtility]::HtmlDecode($_.Groups[2].Value)))))
            }
        })
    }

    It 'has 24 results of 2048 px' {
        $Run.Summary.Succeeded | Should -Be 24
        $Results | Should -HaveCount 24
        foreach ($result in $Results) {
            $facts = [Banana.TestSupport.TestPhotos]::Inspect($result.FullName)
            "$($facts.Width)x$($facts.Height)" | Should -Be '2048x2048'
        }
    }

    It 'renders every picture in Chromium' {
        $body = [regex]::Match($Dom, '<body[^>]*>').Value
        $count = { param($name) [int][regex]::Match($body, "$name=`"(\d+)`"").Groups[1].Value }
        & $count 'data-images' | Should -Be 28 -Because '4 photos, each once above its prompts, and 24 results'
        & $count 'data-images-loaded' | Should -Be 28
        & $count 'data-broken-images' | Should -Be 0
    }

    It 'shows each result as a thumbnail of at most 400 px from .thumbs, and opens the full result on click' {
        foreach ($result in $Results) {
            $frame = @($Frames | Where-Object Full -EQ $result.FullName)
            $frame | Should -HaveCount 1 -Because "$($result.Name) is shown once, linked to itself"
            Split-Path (Split-Path $frame[0].Shown) -Leaf | Should -Be '.thumbs'
            $small = [Banana.TestSupport.TestPhotos]::Inspect($frame[0].Shown)
            [Math]::Max($small.Width, $small.Height) | Should -BeLessOrEqual 400
        }
    }

    It 'loads a small fraction of the results'' bytes when it opens' {
        $loaded = ($Frames.Shown | Sort-Object -Unique | ForEach-Object { (Get-Item -LiteralPath $_).Length } | Measure-Object -Sum).Sum
        $full = ($Results | Measure-Object Length -Sum).Sum
        $loaded | Should -BeLessThan ($full / 10) -Because "the page loads $loaded bytes of pictures for $full bytes of results"
    }
}
