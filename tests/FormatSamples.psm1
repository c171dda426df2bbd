# Small real images in every format a batch accepts (jpeg, png, webp, gif, bmp), from the shared test-image writer
# (Banana.TestSupport, loaded by tools/TestImages.psm1). Each one decodes in a browser; the seed picks its colour, so
# different seeds give different bytes.
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot '../tools/TestImages.psm1')

$script:SampleJpeg = Join-Path $PSScriptRoot '../samples/input/image/model-01.jpg'

function Write-FormatSample {
    param(
        [Parameter(Mandatory)] [ValidateSet('jpeg', 'png', 'webp', 'gif', 'bmp')] [string] $Format,
        [Parameter(Mandatory)] [string] $Path,
        [int] $Seed = 0
    )
    $images = [Banana.TestSupport.TestImages]
    $rgb = $images::SeedColour($Seed)
    $bytes = switch ($Format) {
        'png' { $images::SeededPng($Seed, 48, 48) }
        'jpeg' { $images::SeededJpeg([IO.File]::ReadAllBytes($script:SampleJpeg), $Seed) }
        'webp' { $images::WebP(48, $rgb[0], $rgb[1], $rgb[2]) }
        'gif' { $images::Gif($rgb[0], $rgb[1], $rgb[2]) }
        'bmp' { $images::Bmp(48, $rgb[0], $rgb[1], $rgb[2]) }
    }
    $images::Write($Path, [byte[]]$bytes)
}

Export-ModuleMember -Function Write-FormatSample
