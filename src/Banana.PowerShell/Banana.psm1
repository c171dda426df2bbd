# Banana's root module: imports the build of the cmdlets made for the PowerShell running it.
#   PowerShell 7.6 and later (.NET 10): bin/core/<os>-<arch>, compiled ahead of time for this platform and using the
#   platform's own System.Text.Json, so a script's first request is not held up compiling the module. A platform
#   without its own copy takes the linux-x64 one: every copy carries the full IL, which .NET compiles as it runs.
#   Windows PowerShell 5.1 (.NET Framework) and PowerShell 7 before 7.6: bin/desktop, the netstandard2.0 build with
#   its own System.Text.Json, Channels and friends.
# Plain .NET calls instead of Join-Path/Test-Path: on a PowerShell whose own code is not precompiled, the provider
# cmdlets cost more than the rest of the import. The cmdlets Banana exports are listed in Banana.psd1.
$build = 'bin/desktop'
if ($PSEdition -eq 'Core' -and [Environment]::Version.Major -ge 10) {
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    $build = "bin/core/$os-" + [Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
    if (-not [IO.Directory]::Exists("$PSScriptRoot/$build")) { $build = 'bin/core/linux-x64' }
}
Import-Module "$PSScriptRoot/$build/Banana.PowerShell.dll"
