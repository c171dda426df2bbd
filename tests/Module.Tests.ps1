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

    It 'keeps its private dependencies out of the shared load context' {
        # PowerShell 7.6 ships System.Text.Json 10; the module brings its own copy in its own context.
        # Run a cmdlet (spending nothing: -WhatIf) so the engine is loaded here, whatever ran before this file.
        $null = Start-BananaBatch -Path $TestDrive -OutputPath (Join-Path $TestDrive 'whatif') -ApiKey 'sk-module-test' -BaseUri 'http://127.0.0.1:9/' -WhatIf
        $engine = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Banana.Engine' })
        $engine | Should -Not -BeNullOrEmpty -Because 'running a cmdlet loads the engine'
        foreach ($assembly in $engine) {
            [Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly) | Should -Not -Be ([Runtime.Loader.AssemblyLoadContext]::Default)
        }
        $sharedJson = [Runtime.Loader.AssemblyLoadContext]::Default.Assemblies | Where-Object { $_.GetName().Name -eq 'System.Text.Json' }
        $sharedJson | ForEach-Object { $_.Location | Should -Not -BeLike "*$([IO.Path]::DirectorySeparatorChar)Dependencies*" }
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
