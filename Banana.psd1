@{
    RootModule           = 'Banana.PowerShell.dll'
    # Filled in by build.ps1 from VersionPrefix in Directory.Build.props (the only place the version lives).
    ModuleVersion        = '0.0.0'
    GUID                 = 'ef2dad66-50cd-4350-b096-437b6224dc69'
    Author               = 'Banana contributors'
    CompanyName          = 'Banana contributors'
    Copyright            = '(c) Banana contributors. Released under the MIT License.'
    Description          = 'Batch image generation with the grsai nano-banana models: upload photos, generate from prompts concurrently, resume interrupted batches.'
    CompatiblePSEditions = @('Desktop', 'Core')
    PowerShellVersion    = '5.1'
    # Windows PowerShell 5.1 needs .NET Framework 4.7.2 for the netstandard2.0 assemblies.
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('Banana.format.ps1xml')
    CmdletsToExport      = @('Send-BananaImage', 'Invoke-BananaGenerate', 'Start-BananaBatch', 'Get-BananaCredit', 'Get-BananaModel')
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('grsai', 'nano-banana', 'image-generation', 'AI', 'batch', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/banana-contributors/Banana'
            LicenseUri   = 'https://github.com/banana-contributors/Banana/blob/main/LICENSE'
            # Filled in by build.ps1 from this version's section of CHANGELOG.md.
            ReleaseNotes = ''
        }
    }
}
