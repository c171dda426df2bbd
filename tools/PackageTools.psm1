# Versioning and packaging behind build.ps1: the one version (VersionPrefix in Directory.Build.props), the
# manifest stamped with it and with the changelog's notes, and the .nupkg that Install-PSResource accepts.
Set-StrictMode -Version Latest

function Get-BananaVersion {
    <# The version of the module, its assemblies and its package: VersionPrefix in Directory.Build.props. #>
    param([Parameter(Mandatory)] [string] $Root)
    $props = [xml](Get-Content -Raw -LiteralPath (Join-Path $Root 'Directory.Build.props'))
    $prefix = @($props.Project.PropertyGroup | ForEach-Object { $_.SelectSingleNode('VersionPrefix') } | Where-Object { $_ })
    if ($prefix.Count -ne 1) { throw 'Directory.Build.props must set VersionPrefix exactly once: it is the only place the version lives.' }
    $prefix[0].InnerText.Trim()
}

function Get-BananaReleaseNotes {
    <#
    .SYNOPSIS
        The text under '## [<Version>]' in CHANGELOG.md. A version with no entry of its own (a preview built with
        -Version) takes the '## [Unreleased]' text, or says it is a preview; the version in Directory.Build.props
        must have its own entry.
    #>
    param([Parameter(Mandatory)] [string] $Root, [Parameter(Mandatory)] [string] $Version, [switch] $AllowUnreleased)
    $path = Join-Path $Root 'CHANGELOG.md'
    $sections = @{}
    $current = $null
    foreach ($line in Get-Content -LiteralPath $path -Encoding utf8) {
        if ($line -match '^## \[(?<name>[^\]]+)\]') { $current = $Matches.name; $sections[$current] = [Collections.Generic.List[string]]::new(); continue }
        if ($line -match '^\[[^\]]+\]:\s') { $current = $null; continue }   # link references at the bottom
        if ($current) { $sections[$current].Add($line) }
    }
    $notes = if ($sections.ContainsKey($Version)) { $sections[$Version] -join "`n" } else { '' }
    if (-not $notes.Trim() -and $AllowUnreleased) {
        $notes = if ($sections.ContainsKey('Unreleased')) { $sections['Unreleased'] -join "`n" } else { '' }
        if (-not $notes.Trim()) { $notes = "Preview $Version, built from source: see CHANGELOG.md for what changed since the last release." }
    }
    if (-not $notes.Trim()) {
        throw "CHANGELOG.md has no notes for version $Version. Add a '## [$Version] - <date>' section saying what changed."
    }
    $notes.Trim()
}

function Write-BananaManifest {
    <# Copies Banana.psd1 into the module folder with ModuleVersion and ReleaseNotes filled in. #>
    param(
        [Parameter(Mandatory)] [string] $Source,
        [Parameter(Mandatory)] [string] $Destination,
        [Parameter(Mandatory)] [string] $Version,
        [Parameter(Mandatory)] [string] $ReleaseNotes
    )
    $text = Get-Content -Raw -LiteralPath $Source -Encoding utf8
    $quotedNotes = "'" + ($ReleaseNotes -replace "'", "''") + "'"
    foreach ($field in @{ ModuleVersion = "'$Version'"; ReleaseNotes = $quotedNotes }.GetEnumerator()) {
        $pattern = "(?m)^(\s*$($field.Key)\s*=\s*)'[^']*'"
        if ($text -notmatch $pattern) { throw "Banana.psd1 has no $($field.Key) = '...' line for the build to fill in." }
        $text = [regex]::Replace($text, $pattern, { param($m) $m.Groups[1].Value + $field.Value }, 'None')
    }
    [IO.File]::WriteAllText($Destination, $text, [Text.UTF8Encoding]::new($true))   # BOM: 5.1 reads the notes right
    $stamped = Import-PowerShellDataFile -LiteralPath $Destination
    if ($stamped.ModuleVersion -ne $Version) { throw "Stamping the manifest failed: it says $($stamped.ModuleVersion), not $Version." }
}

function New-BananaPackage {
    <#
    .SYNOPSIS
        Writes Banana.<version>.nupkg into Destination from a laid-out module (debug symbols left out) and
        returns its path.
    #>
    param([Parameter(Mandatory)] [string] $ModulePath, [Parameter(Mandatory)] [string] $Destination, [Parameter(Mandatory)] [string] $StagingPath)
    # Compress-PSResource packs a folder whole: stage a copy without what an installed module has no use for.
    $stage = Join-Path $StagingPath 'Banana'
    if (Test-Path -LiteralPath $StagingPath) { Remove-Item -LiteralPath $StagingPath -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $StagingPath -Force
    Copy-Item -LiteralPath $ModulePath -Destination $stage -Recurse
    Get-ChildItem -LiteralPath $stage -Recurse -File -Filter '*.pdb' | Remove-Item -Force

    $version = (Import-PowerShellDataFile -LiteralPath (Join-Path $stage 'Banana.psd1')).ModuleVersion
    $nupkg = Join-Path $Destination "Banana.$version.nupkg"
    if (Test-Path -LiteralPath $nupkg) { Remove-Item -LiteralPath $nupkg -Force }
    $null = New-Item -ItemType Directory -Path $Destination -Force
    Import-Module Microsoft.PowerShell.PSResourceGet -MinimumVersion 1.1.0 -ErrorAction Stop
    Compress-PSResource -Path $stage -DestinationPath $Destination
    if (-not (Test-Path -LiteralPath $nupkg)) { throw "Compress-PSResource did not write $nupkg." }
    Remove-Item -LiteralPath $StagingPath -Recurse -Force
    $nupkg
}

Export-ModuleMember -Function Get-BananaVersion, Get-BananaReleaseNotes, Write-BananaManifest, New-BananaPackage
