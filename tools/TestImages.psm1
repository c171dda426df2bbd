# Test images for Pester and the benchmark, from the same code the xunit tests use: the built Banana.TestSupport
# assembly (tests/Banana.TestSupport). BuildTools sets BANANA_TESTSUPPORT_DLL to the build's copy; run on its own,
# the newest build under tests/Banana.TestSupport/bin is used. Any 256 consecutive seeds give 256 distinct images.
Set-StrictMode -Version Latest

if (-not ('Banana.TestSupport.TestImages' -as [type])) {
    $assembly = $env:BANANA_TESTSUPPORT_DLL
    if (-not $assembly) {
        $assembly = Get-ChildItem -Path (Join-Path $PSScriptRoot '../tests/Banana.TestSupport/bin/*/net10.0/Banana.TestSupport.dll') -ErrorAction SilentlyContinue |
            Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1 -ExpandProperty FullName
    }
    if (-not $assembly -or -not (Test-Path -LiteralPath $assembly)) {
        $where = if ($env:BANANA_TESTSUPPORT_DLL) { "at '$env:BANANA_TESTSUPPORT_DLL' (BANANA_TESTSUPPORT_DLL)" } else { 'under tests/Banana.TestSupport/bin' }
        throw "Banana.TestSupport.dll was not found $where. Build first: 'dotnet pwsh ./build.ps1 -Task Build'."
    }
    Add-Type -Path $assembly
}

function New-TestPng {
    <# Writes a Width x Height PNG whose colour (and so whose bytes) follow from -Seed. #>
    param(
        [Parameter(Mandatory)] [string] $Path,
        [int] $Seed = 0,
        [int] $Width = 32,
        [int] $Height = 32
    )
    [Banana.TestSupport.TestImages]::Write($Path, [Banana.TestSupport.TestImages]::SeededPng($Seed, $Width, $Height))
    Get-Item -LiteralPath $Path
}

function New-TestInputFolder {
    <# Creates an input folder (image/ and text/text.txt) with -ImageCount distinct PNGs and the given prompts. #>
    param(
        [Parameter(Mandatory)] [string] $Path,
        [int] $ImageCount = 2,
        [Parameter(Mandatory)] [string[]] $Prompts,
        [int] $SeedBase = 0
    )
    $image = New-Item -ItemType Directory -Path (Join-Path $Path 'image') -Force
    $text = New-Item -ItemType Directory -Path (Join-Path $Path 'text') -Force
    for ($i = 1; $i -le $ImageCount; $i++) {
        $null = New-TestPng -Path (Join-Path $image ('photo{0:d3}.png' -f $i)) -Seed ($SeedBase + $i)
    }
    [IO.File]::WriteAllLines((Join-Path $text 'text.txt'), $Prompts, [Text.UTF8Encoding]::new($false))
    Get-Item -LiteralPath $Path
}

Export-ModuleMember -Function New-TestPng, New-TestInputFolder
