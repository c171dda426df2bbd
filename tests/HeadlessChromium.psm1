# Opens a report.html in headless Chromium, as a person double-clicking it would see it, through the same driver as
# the engine's xunit browser tests (Banana.TestSupport.HeadlessChromium, loaded by tools/TestImages.psm1).
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot '../tools/TestImages.psm1')

function Get-ReportUrl([string] $Path) {
    # #check-images makes the report load every lazy image at once and count them on <body>.
    [uri]::new([IO.Path]::GetFullPath($Path)).AbsoluteUri + '#check-images'
}

function Get-RenderedReport {
    <# The report's DOM after its script ran. #>
    param([Parameter(Mandatory)] [string] $Path)
    [Banana.TestSupport.HeadlessChromium]::DumpDomAsync((Get-ReportUrl $Path)).GetAwaiter().GetResult()
}

function Save-ReportScreenshot {
    <# A PNG of the report as a window of -Width x -Height shows it: for a person to look at, not for a test to judge. #>
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Destination, [int] $Width = 1280, [int] $Height = 2400)
    [Banana.TestSupport.HeadlessChromium]::SaveScreenshotAsync((Get-ReportUrl $Path), $Destination, $Width, $Height).GetAwaiter().GetResult()
}

Export-ModuleMember -Function Get-RenderedReport, Save-ReportScreenshot
