# Opens a report.html in Debian's headless Chromium, as a person double-clicking it would see it (same flags as the
# engine's xunit browser tests, tests/Banana.Engine.Tests/Reporting/HeadlessChromium.cs).
Set-StrictMode -Version Latest

function Get-ChromiumPath {
    $found = @($env:BANANA_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome') |
        Where-Object { $_ -and (Test-Path -LiteralPath $_) } | Select-Object -First 1
    if (-not $found) {
        throw "Chromium is required to check report.html and was not found. Install it with 'sudo apt-get install -y chromium', or set BANANA_CHROMIUM."
    }
    $found
}

function Invoke-HeadlessChromium([string[]] $Arguments) {
    $profileDir = Join-Path ([IO.Path]::GetTempPath()) ('banana-chromium-' + [guid]::NewGuid().ToString('N'))
    $info = [Diagnostics.ProcessStartInfo]::new((Get-ChromiumPath))
    $common = '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', "--user-data-dir=$profileDir", '--virtual-time-budget=5000'
    foreach ($a in $common + $Arguments) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.RedirectStandardError = $true
    $process = [Diagnostics.Process]::Start($info)
    try {
        $errors = $process.StandardError.ReadToEndAsync()
        $output = $process.StandardOutput.ReadToEndAsync()
        if (-not $process.WaitForExit(90000)) { throw 'Chromium did not finish within 90 seconds.' }
        if ($process.ExitCode -ne 0) { throw "Chromium exited with $($process.ExitCode): $($errors.Result)" }
        $output.Result
    }
    finally {
        if (-not $process.HasExited) { $process.Kill($true) }
        Remove-Item -LiteralPath $profileDir -Recurse -Force -ErrorAction SilentlyContinue
    }
}

function Get-RenderedReport {
    <# The report's DOM after its script ran; #check-images loads every lazy image at once and counts them on <body>. #>
    param([Parameter(Mandatory)] [string] $Path)
    Invoke-HeadlessChromium @('--dump-dom', ([uri]::new([IO.Path]::GetFullPath($Path)).AbsoluteUri + '#check-images'))
}

function Save-ReportScreenshot {
    <# A PNG of the report as a window of -Width x -Height shows it: for a person to look at, not for a test to judge. #>
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Destination, [int] $Width = 1280, [int] $Height = 2400)
    $null = Invoke-HeadlessChromium @('--hide-scrollbars', "--window-size=$Width,$Height", "--screenshot=$Destination", ([uri]::new([IO.Path]::GetFullPath($Path)).AbsoluteUri + '#check-images'))
}

Export-ModuleMember -Function Get-RenderedReport, Save-ReportScreenshot
