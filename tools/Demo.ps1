# The user's old three-step workflow (seed-workflow.md), done with Banana against the local emulator:
# 1. test an upload, 2. test one generation with the uploaded URL, 3. run the whole batch.
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $BaseUri,
    [Parameter(Mandatory)] [string] $SamplesPath,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest -Force

# The emulator accepts any key of the right shape; a real run takes GRSAI_API_KEY from the environment or .env.
$env:GRSAI_BASE_URL = $BaseUri
$env:GRSAI_API_KEY = 'sk-emulator-demo'
if (Test-Path -LiteralPath $OutputPath) { Remove-Item -LiteralPath $OutputPath -Recurse -Force }

function Write-Step([string] $Text) { Write-Host "`n=== $Text ===" -ForegroundColor Cyan }

Write-Step "Step 1/3: upload one image and check its URL serves the same bytes (emulator at $BaseUri)"
$uploaded = Get-ChildItem -LiteralPath (Join-Path $SamplesPath 'image') -File | Select-Object -First 1 | Send-BananaImage -Verify
$uploaded | Format-List Path, Url, Bytes, Elapsed, Verified | Out-Host   # the URL whole: it is what this step is for

Write-Step 'Step 2/3: one test generation with the uploaded URL'
$prompt = Get-Content -LiteralPath (Join-Path $SamplesPath 'text/text.txt') -Encoding utf8 |
    Where-Object { $_.Trim() -and -not $_.TrimStart().StartsWith('#') } | Select-Object -First 1
$uploaded | Invoke-BananaGenerate -Prompt $prompt -OutputPath (Join-Path $OutputPath 'test') | Format-Table | Out-Host

Write-Step 'Step 3/3: the whole batch (every image x every prompt, 5 at a time)'
$batchOutput = Join-Path $OutputPath 'batch_outputs'
$all = Start-BananaBatch -Path $SamplesPath -OutputPath $batchOutput
$summary = $all | Where-Object { $_.PSObject.TypeNames -match 'BatchSummary' } | Select-Object -Last 1
$all | Where-Object { $_ -ne $summary } | Format-Table | Out-Host
$summary | Format-List | Out-Host

Write-Step 'Where the results are'
Write-Host "Images:   $batchOutput"
Write-Host "Report:   $($summary.ReportPath)  (open it in a browser)"
Write-Host "Manifest: $($summary.ManifestPath)  (run the same command again to resume)"
if ($summary.Failed -gt 0) { exit 1 }
