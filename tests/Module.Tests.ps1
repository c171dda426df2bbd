# The module as a PowerShell user meets it: what it exports, its help, its views, its tab completion.
BeforeDiscovery {
    $script:Cmdlets = 'Send-BananaImage', 'Invoke-BananaGenerate', 'Start-BananaBatch', 'Get-BananaCredit', 'Get-BananaModel'
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:ModulePath = if ($env:BANANA_MODULE_PATH) { $env:BANANA_MODULE_PATH } else { Join-Path $PSScriptRoot '../out/Banana/Banana.psd1' }
    $script:Module = Import-Module $ModulePath -Force -PassThru
    # Parameters every cmdlet gets from PowerShell itself; their help is PowerShell's, not ours.
    $script:Common = [Management.Automation.PSCmdlet]::CommonParameters + [Management.Automation.PSCmdlet]::OptionalCommonParameters
    $script:Expected = 'Send-BananaImage', 'Invoke-BananaGenerate', 'Start-BananaBatch', 'Get-BananaCredit', 'Get-BananaModel'
}

Describe 'The Banana module' {
    It 'exports exactly its five cmdlets' {
        $Module.ExportedCmdlets.Keys | Sort-Object | Should -Be ($Expected | Sort-Object)
    }

    It 'declares both editions and PowerShell 5.1' {
        $data = Import-PowerShellDataFile $ModulePath
        $data.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        $data.PowerShellVersion | Should -Be '5.1'
    }

    It 'loads the build made for this PowerShell: precompiled .NET 10 on PowerShell 7.6' {
        $null = Get-Command Send-BananaImage
        $cmdlets = [Banana.PowerShell.Loading.ModuleInitializer].Assembly
        $framework = $cmdlets.GetCustomAttributes([Runtime.Versioning.TargetFrameworkAttribute], $false).FrameworkName
        $framework | Should -Be '.NETCoreApp,Version=v10.0'
        $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
        $platform = "$os-" + [Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
        if (Test-Path (Join-Path $Module.ModuleBase "bin/core/$platform")) {
            $cmdlets.Location | Should -Be (Join-Path $Module.ModuleBase "bin/core/$platform/Banana.PowerShell.dll")
        }
    }

    It 'keeps its private dependencies out of the shared load context and takes System.Text.Json from the platform' {
        # A credit query to a closed port loads the engine, the client and Polly, and spends nothing.
        { Get-BananaCredit -ApiKey 'sk-unused' -BaseUri 'http://127.0.0.1:9/' -MaxRetries 0 } | Should -Throw
        $loaded = [AppDomain]::CurrentDomain.GetAssemblies()
        foreach ($name in 'Banana.Engine', 'Banana.Client', 'Polly.Core') {
            $assembly = $loaded | Where-Object { $_.GetName().Name -eq $name }
            $assembly | Should -Not -BeNullOrEmpty -Because "$name is loaded once the engine has run"
            [Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly) | Should -Not -Be ([Runtime.Loader.AssemblyLoadContext]::Default)
        }
        # PowerShell 7.6 runs on .NET 10, whose System.Text.Json the .NET 10 build uses: no second copy is loaded.
        $json = @($loaded | Where-Object { $_.GetName().Name -eq 'System.Text.Json' })
        $json.Count | Should -Be 1
        $json[0].Location | Should -Not -BeLike "$($Module.ModuleBase)*"
    }
}

Describe 'The netstandard2.0 build (what Windows PowerShell 5.1 loads)' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../tools/TestImages.psm1') -Force
        $script:Target = Get-BananaTestTarget
        $script:Desktop = Join-Path (Split-Path $ModulePath) 'bin/desktop/Banana.PowerShell.dll'
    }

    AfterAll {
        Close-BananaTestTarget -Target $Target
    }

    It 'runs a batch with its own System.Text.Json kept in its private load context' -Skip:$Target.Live {
        # Windows PowerShell 5.1 cannot run here; PowerShell 7 runs the same assemblies (as 7.4 and 7.5 do).
        $inputs = New-TestInputFolder -Path (Join-Path $TestDrive 'desktop-input') -ImageCount 1 -Prompts 'desktop build check' -SeedBase 610
        $output = Join-Path $TestDrive 'desktop-output'
        $run = Invoke-BananaChildProcess -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$Desktop'
`$summary = Start-BananaBatch -Path '$($inputs.FullName)' -OutputPath '$output' -ApiKey '$($Target.ApiKey)' -BaseUri '$($Target.BaseUri)' -ProgressAction SilentlyContinue | Select-Object -Last 1
`$json = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'System.Text.Json' -and `$_.Location -like '*Dependencies*' }
[pscustomobject]@{
    Succeeded = `$summary.Succeeded
    Framework = [Banana.PowerShell.Loading.ModuleInitializer].Assembly.GetCustomAttributes([Runtime.Versioning.TargetFrameworkAttribute], `$false).FrameworkName
    PrivateJsonVersion = "`$(`$json.GetName().Version)"
    PrivateJsonShared = `$null -ne `$json -and [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$json) -eq [Runtime.Loader.AssemblyLoadContext]::Default
} | ConvertTo-Json -Compress
"@
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $result = ($run.Output.Trim() -split "`n")[-1] | ConvertFrom-Json
        $result.Succeeded | Should -Be 1
        $result.Framework | Should -Be '.NETStandard,Version=v2.0'
        $result.PrivateJsonVersion | Should -BeLike '11.*'
        $result.PrivateJsonShared | Should -BeFalse
        Get-ChildItem -LiteralPath $output -Filter '*.png' | Should -HaveCount 1
    }
}

Describe '<_> help' -ForEach $Cmdlets {
    BeforeAll {
        $script:Help = Get-Help $_ -Full
        $script:Command = Get-Command $_
    }

    It 'has a synopsis' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        $Help.Synopsis | Should -Not -Match '^\s*\w+-\w+\s*\[' -Because 'a generated syntax line means the help file was not found'
    }

    It 'has at least one example with code' {
        @($Help.examples.example).Count | Should -BeGreaterThan 0
        foreach ($e in $Help.examples.example) { $e.code | Should -Match $_ }
    }

    It 'describes every parameter' {
        $own = $Command.Parameters.Keys | Where-Object { $_ -notin $Common }
        foreach ($name in $own) {
            $p = $Help.parameters.parameter | Where-Object name -EQ $name
            $p | Should -Not -BeNullOrEmpty -Because "-$name needs a help entry"
            ($p.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
        }
    }

    It 'declares its output type' {
        $Command.OutputType | Should -Not -BeNullOrEmpty
    }
}

Describe 'Tab completion' {
    It 'completes model names' {
        $line = 'Invoke-BananaGenerate -Prompt x -Model nano-banana-pro'
        $names = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $names | Should -Contain 'nano-banana-pro-vip'
        $names | Should -Not -Contain 'nano-banana-fast'
    }

    It 'completes only the aspect ratios the chosen model offers' {
        $line = 'Invoke-BananaGenerate -Prompt x -Model nano-banana-2 -AspectRatio '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain '1:8'
        $line = 'Invoke-BananaGenerate -Prompt x -Model nano-banana-fast -AspectRatio '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Not -Contain '1:8'
    }

    It 'completes image sizes' {
        $line = 'Start-BananaBatch -Path x -Model nano-banana-pro -ImageSize '
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain '4K'
    }
}

Describe 'Format views' {
    It 'has a view for <_>' -ForEach @('Banana.PowerShell.UploadResult', 'Banana.Engine.JobResult', 'Banana.Engine.BatchSummary', 'Banana.PowerShell.CreditBalance', 'Banana.PowerShell.BananaModel') {
        Get-FormatData -TypeName $_ | Should -Not -BeNullOrEmpty
    }
}
