# Small real images in every format a batch accepts (jpeg, png, webp, gif, bmp), written byte by byte so the tests need
# no imaging library. Each one decodes in a browser; the seed picks its colour, so different seeds give different bytes.
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot '../tools/TestImages.psm1')

$script:SampleJpeg = Join-Path $PSScriptRoot '../samples/input/image/model-01.jpg'

function Write-FormatSample {
    param(
        [Parameter(Mandatory)] [ValidateSet('jpeg', 'png', 'webp', 'gif', 'bmp')] [string] $Format,
        [Parameter(Mandatory)] [string] $Path,
        [int] $Seed = 0
    )
    $rgb = [byte[]]((($Seed * 67) % 256), (($Seed * 131 + 80) % 256), (($Seed * 29 + 160) % 256))
    $bytes = switch ($Format) {
        'png' { $null = New-TestPng -Path $Path -Seed $Seed -Width 48 -Height 48; return }
        'jpeg' { Get-SeededJpeg $Seed }
        'webp' { Get-SolidWebP $rgb 48 }
        'gif' { Get-SolidGif $rgb }
        'bmp' { Get-SolidBmp $rgb 48 }
    }
    [IO.File]::WriteAllBytes($Path, [byte[]]$bytes)
}

function Get-SeededJpeg([int] $Seed) {
    # The sample photo with a comment segment (FF FE) naming the seed right after the start marker: same picture, new bytes.
    $photo = [IO.File]::ReadAllBytes($script:SampleJpeg)
    $note = [Text.Encoding]::ASCII.GetBytes("banana test $Seed")
    $length = $note.Length + 2
    [byte[]](@(0xFF, 0xD8, 0xFF, 0xFE, ($length -shr 8), ($length -band 0xFF)) + $note + $photo[2..($photo.Length - 1)])
}

function Get-SolidBmp([byte[]] $Rgb, [int] $Side) {
    # 24-bit BITMAPINFOHEADER image; rows are padded to 4 bytes.
    $row = [Math]::Ceiling($Side * 3 / 4) * 4
    $pixels = $row * $Side
    $stream = [IO.MemoryStream]::new()
    $w = [IO.BinaryWriter]::new($stream)
    $w.Write([byte[]][char[]]'BM'); $w.Write([uint32](54 + $pixels)); $w.Write([uint32]0); $w.Write([uint32]54)
    $w.Write([uint32]40); $w.Write([int32]$Side); $w.Write([int32]$Side); $w.Write([uint16]1); $w.Write([uint16]24)
    $w.Write([uint32]0); $w.Write([uint32]$pixels); $w.Write([int32]2835); $w.Write([int32]2835); $w.Write([uint32]0); $w.Write([uint32]0)
    $line = [byte[]]::new($row)
    for ($x = 0; $x -lt $Side; $x++) { $line[3 * $x] = $Rgb[2]; $line[3 * $x + 1] = $Rgb[1]; $line[3 * $x + 2] = $Rgb[0] }
    for ($y = 0; $y -lt $Side; $y++) { $w.Write($line) }
    $w.Flush()
    $stream.ToArray()
}

function Get-SolidGif([byte[]] $Rgb) {
    # One pixel of colour 0 of a two-colour table: LZW codes clear (4), 0, end (5) at 3 bits each pack into 44 01.
    [byte[]](@([byte[]][char[]]'GIF89a') + @(1, 0, 1, 0, 0x80, 0, 0) + $Rgb + @(255, 255, 255) +
        @(0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0) + @(2, 2, 0x44, 0x01, 0) + @(0x3B))
}

function Get-SolidWebP([byte[]] $Rgb, [int] $Side) {
    # Lossless (VP8L): no transforms, no colour cache, and five one-symbol prefix codes (green, red, blue, alpha,
    # distance). A one-symbol code takes no bits, so every pixel is that one colour and the pixel data is empty.
    $bits = [Collections.Generic.List[int]]::new()
    $put = { param([int] $value, [int] $count) for ($i = 0; $i -lt $count; $i++) { $bits.Add(($value -shr $i) -band 1) } }
    & $put ($Side - 1) 14; & $put ($Side - 1) 14; & $put 0 1; & $put 0 3   # size, no alpha, version 0
    & $put 0 1; & $put 0 1; & $put 0 1                                     # no transform, no colour cache, no meta codes
    foreach ($symbol in @($Rgb[1], $Rgb[0], $Rgb[2], 255)) { & $put 1 1; & $put 0 1; & $put 1 1; & $put $symbol 8 }
    & $put 1 1; & $put 0 1; & $put 0 1; & $put 0 1                         # distance code: symbol 0
    $data = [byte[]]::new([Math]::Ceiling($bits.Count / 8))
    for ($i = 0; $i -lt $bits.Count; $i++) { $data[$i -shr 3] = $data[$i -shr 3] -bor ($bits[$i] -shl ($i % 8)) }
    $chunk = @(0x2F) + $data
    $padding = @(if ($chunk.Count % 2) { 0 })
    $riffSize = 4 + 8 + $chunk.Count + $padding.Count
    [byte[]](@([byte[]][char[]]'RIFF') + [BitConverter]::GetBytes([uint32]$riffSize) + [byte[]][char[]]'WEBPVP8L' +
        [BitConverter]::GetBytes([uint32]$chunk.Count) + $chunk + $padding)
}

Export-ModuleMember -Function Write-FormatSample
