# Starts and stops the Banana emulator as a child process. Shared by build.ps1 (tests, demo, bench)
# and by the Pester suite when it runs on its own.
Set-StrictMode -Version Latest

function Get-PwshInvocation {
    <# The command line that starts another PowerShell like this one (a dotnet tool runs as 'dotnet pwsh.dll'). #>
    $pwshDll = Join-Path $PSHOME 'pwsh.dll'
    $self = [Diagnostics.Process]::GetCurrentProcess().MainModule.FileName
    if ((Split-Path $self -LeafBase) -eq 'dotnet' -and (Test-Path $pwshDll)) {
        return [pscustomobject]@{ FilePath = $self; Prefix = @($pwshDll) }
    }
    [pscustomobject]@{ FilePath = $self; Prefix = @() }
}

function Start-BananaEmulator {
    <#
    .SYNOPSIS
        Starts the emulator on a free loopback port and returns an object with Uri and Process.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $EmulatorDll,
        [string[]] $ArgumentList = @(),
        [int] $TimeoutSeconds = 60
    )
    if (-not (Test-Path -LiteralPath $EmulatorDll)) {
        throw "The emulator is not built ($EmulatorDll). Run: dotnet pwsh ./build.ps1 -Task Build"
    }
    $info = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in @($EmulatorDll, '--port', '0') + $ArgumentList) { $info.ArgumentList.Add($a) }
    $info.RedirectStandardOutput = $true
    $info.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($info)

    $readLine = $process.StandardOutput.ReadLineAsync()
    if (-not $readLine.Wait([TimeSpan]::FromSeconds($TimeoutSeconds)) -or $null -eq $readLine.Result) {
        Stop-BananaEmulator -Emulator ([pscustomobject]@{ Process = $process })
        throw "The emulator did not report its address within $TimeoutSeconds s."
    }
    if ($readLine.Result -notmatch 'listening on (?<uri>http://\S+)') {
        Stop-BananaEmulator -Emulator ([pscustomobject]@{ Process = $process })
        throw "Unexpected first line from the emulator: $($readLine.Result)"
    }
    # Keep draining its output so a chatty emulator can never block on a full pipe.
    $null = $process.StandardOutput.BaseStream.CopyToAsync([IO.Stream]::Null)
    [pscustomobject]@{ Uri = [uri]$Matches.uri; Process = $process }
}

function Stop-BananaEmulator {
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    if ($Emulator.Process -and -not $Emulator.Process.HasExited) {
        $Emulator.Process.Kill($true)
        $null = $Emulator.Process.WaitForExit(10000)
    }
}

function Set-BananaEmulatorConfig {
    <# Replaces the running emulator's settings and fault rules (see src/Banana.Emulator/README.md). #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [uri] $Uri, [Parameter(Mandatory)] [hashtable] $Config)
    $null = Invoke-RestMethod -Method Post -Uri ([uri]::new($Uri, '/_emulator/config')) `
        -ContentType 'application/json' -Body ($Config | ConvertTo-Json -Depth 10)
}

function Reset-BananaEmulator {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [uri] $Uri)
    $null = Invoke-RestMethod -Method Post -Uri ([uri]::new($Uri, '/_emulator/reset'))
}

function Get-BananaEmulatorStats {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [uri] $Uri)
    Invoke-RestMethod -Method Get -Uri ([uri]::new($Uri, '/_emulator/stats'))
}

Export-ModuleMember -Function Get-PwshInvocation, Start-BananaEmulator, Stop-BananaEmulator,
    Set-BananaEmulatorConfig, Reset-BananaEmulator, Get-BananaEmulatorStats
