@{
    RootModule           = 'Banana.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = 'ef2dad66-50cd-4350-b096-437b6224dc69'
    Author               = 'Banana contributors'
    CompanyName          = 'Banana contributors'
    Copyright            = '(c) Banana contributors. All rights reserved.'
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
            Tags       = @('grsai', 'nano-banana', 'image-generation', 'AI', 'batch', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = 'First release: Send-BananaImage, Invoke-BananaGenerate, Start-BananaBatch, Get-BananaCredit.'
        }
    }
}
