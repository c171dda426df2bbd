# Acceptance: jobs as people really have them. A job file (-JobFile jobs.csv / jobs.json) whose rows combine two or
# three reference photos, per-photo prompt files (text/<photo>.txt), -Pairing OneToOne, the refusal of mistaken input
# before anything is paid for, and a job-file batch killed mid-way that is rerun without paying twice.
# Emulator only: what each task carried is proven by the emulator's own record of the submissions and its stored files.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../tools/TestImages.psm1') -Force
    $script:Target = Get-BananaTestTarget
    Import-Module $Target.ModulePath -Force
    $script:Conn = @{ BaseUri = $Target.BaseUri; ApiKey = $Target.ApiKey }
    $script:Http = [Net.Http.HttpClient]::new()

    function script:Get-Submissions {
        # The emulator's submissions as (prompt, urls, model, ratio, size, count) rows, decoded from its signatures.
        $stats = Get-BananaEmulatorStats -Uri $Target.BaseUri
        foreach ($entry in $stats.submissionsBySignature.PSObject.Properties) {
            $fields = ConvertFrom-Json -InputObject $entry.Name -NoEnumerate
            [pscustomobject]@{
                Model = $fields[0]; Prompt = $fields[1]; Urls = @($fields[2]); AspectRatio = $fields[3]; ImageSize = $fields[4]
                Count = $entry.Value
            }
        }
    }

    function script:Get-Sha256([byte[]] $Bytes) { [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($Bytes)) }

    function script:Get-StoredImageHashes([string[]] $Urls) {
        # What the emulator holds at each reference URL, as content hashes: the images the task really received.
        foreach ($url in $Urls) { Get-Sha256 $Http.GetByteArrayAsync($url).GetAwaiter().GetResult() }
    }

    function script:Get-FileHashes([string] $Folder, [string[]] $Names) {
        foreach ($name in $Names) { Get-Sha256 ([IO.File]::ReadAllBytes((Join-Path $Folder $name))) }
    }

    function script:New-Photos([string] $Folder, [string[]] $Names) {
        $null = New-Item -ItemType Directory -Path $Folder -Force
        $seed = 100
        foreach ($name in $Names) { $null = New-TestPng -Path (Join-Path $Folder $name) -Seed ($seed++) }
    }

    function script:Wait-Until([scriptblock] $Condition, [int] $TimeoutSeconds = 60) {
        $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out after $TimeoutSeconds s waiting for: $Condition" }
            Start-Sleep -Milliseconds 100
        }
    }
}

AfterAll {
    $Http.Dispose()
    Close-BananaTestTarget -Target $Target
}

Describe 'Start-BananaBatch -JobFile' {
    BeforeEach {
        Reset-BananaEmulator -Uri $Target.BaseUri
    }

    It 'sends each row''s two or three references, in the row''s order, in one task, and uploads each distinct photo once' {
        $dir = Join-Path $TestDrive 'refs'
        New-Photos (Join-Path $dir 'photos') 'model-a.png', 'model-b.png', 'dress.png', 'hat.png', 'shoes.png'
        $rows = @(
            @{ Images = 'model-a.png', 'dress.png'; Prompt = 'Put the dress on the model, keep the pose' }
            @{ Images = 'model-b.png', 'hat.png', 'shoes.png'; Prompt = 'Dress the model in the hat and the shoes' }
            @{ Images = 'shoes.png', 'model-a.png', 'hat.png'; Prompt = '模特穿上鞋子，戴上帽子' }
        )
        $csv = @('Images,Prompt,Name') + ($rows | ForEach-Object -Begin { $n = 0 } -Process {
            $n++
            $name = if ($n -eq 1) { 'look-one' } else { '' }
            '"{0}","{1}",{2}' -f (($_.Images | ForEach-Object { "photos/$_" }) -join ';'), $_.Prompt, $name
        })
        [IO.File]::WriteAllLines((Join-Path $dir 'jobs.csv'), [string[]]$csv, [Text.UTF8Encoding]::new($true))
        $out = Join-Path $TestDrive 'refs-out'

        $run = Split-BatchOutput (Start-BananaBatch -JobFile (Join-Path $dir 'jobs.csv') -OutputPath $out @Conn)

        $run.Summary.Succeeded | Should -Be 3
        $submissions = @(Get-Submissions)
        $submissions | Should -HaveCount 3
        foreach ($row in $rows) {
            $task = $submissions | Where-Object Prompt -EQ $row.Prompt
            $task | Should -HaveCount 1 -Because "row '$($row.Prompt)' is one task"
            @(Get-StoredImageHashes $task.Urls) | Should -Be @(Get-FileHashes (Join-Path $dir 'photos') $row.Images) `
                -Because "the task for '$($row.Prompt)' must carry exactly its row's images, in order"
        }
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).uploads | Should -Be 5 -Because 'five distinct photos, however many rows use them'
        (Get-ChildItem -LiteralPath $out -Filter '*.png').Name | Sort-Object | Should -Be 'look-one_1.png', 'model-b_r2_1.png', 'shoes_r3_1.png'

        $third = $run.Jobs | Where-Object Row -EQ 3
        @($third.SourcePaths | Split-Path -Leaf) | Should -Be 'shoes.png', 'model-a.png', 'hat.png'
        $manifest = Read-BananaManifest $out
        $manifestThird = $manifest.jobs | Where-Object row -EQ 3
        @($manifestThird.references.path | Split-Path -Leaf) | Should -Be 'shoes.png', 'model-a.png', 'hat.png'
        @($manifestThird.references.uploadUrl) | Should -Be @(($submissions | Where-Object Prompt -EQ $rows[2].Prompt).Urls)

        $html = Get-Content -Raw -LiteralPath $run.Summary.ReportPath
        $html | Should -Match '>shoes\.png \+ model-a\.png \+ hat\.png</h2>' -Because 'the report shows all references of a job'
        ([regex]::Matches($html, 'alt="Reference 3 ')).Count | Should -Be 2
    }

    It 'reads a .json job file (Images as a list or a string) with per-row model, ratio, size and count' {
        $dir = Join-Path $TestDrive 'json'
        New-Photos $dir 'a.png', 'b.png'
        Set-Content -LiteralPath (Join-Path $dir 'jobs.json') -Encoding utf8 -Value @'
[
  { "Images": ["a.png", "b.png"], "Prompt": "combine them", "Name": "combo", "Count": 2 },
  { "Images": "b.png", "Prompt": "b alone", "Model": "nano-banana-pro", "AspectRatio": "3:4", "ImageSize": "2K" },
  { "Prompt": "a banana on a plate" }
]
'@
        $out = Join-Path $TestDrive 'json-out'

        $run = Split-BatchOutput (Start-BananaBatch -JobFile (Join-Path $dir 'jobs.json') -OutputPath $out @Conn)

        $run.Summary.Succeeded | Should -Be 4
        (Get-ChildItem -LiteralPath $out -Filter '*.png').Name | Sort-Object | Should -Be 'b_r2_1.png', 'combo_1.png', 'combo_2.png', 'prompt_r3_1.png'
        $submissions = @(Get-Submissions)
        ($submissions | Where-Object Prompt -EQ 'combine them').Count | Should -Be 2 -Because 'Count 2 is two tasks with the same request'
        $pro = $submissions | Where-Object Prompt -EQ 'b alone'
        $pro.Model, $pro.AspectRatio, $pro.ImageSize | Should -Be 'nano-banana-pro', '3:4', '2K'
        ($submissions | Where-Object Prompt -EQ 'a banana on a plate').Urls | Should -BeNullOrEmpty
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).refusalCount | Should -Be 0
    }

    It 'refuses a job file with mistakes, naming the file, row and column of each, and submits nothing' {
        $dir = Join-Path $TestDrive 'bad'
        New-Photos (Join-Path $dir 'photos') 'a.png', 'b.png'
        $file = Join-Path $dir 'jobs.csv'
        Set-Content -LiteralPath $file -Encoding utf8 -Value @(
            'Images,Prompt,AspectRatio,Colour'
            'photos/a.png;photos/b.png,fine,,'
            'photos/a.png;photos/missing.png,fine,,'
            'photos/b.png,,,'
            'photos/a.png,p,4:1,'
        )
        $caught = $null
        try { Start-BananaBatch -JobFile $file -OutputPath (Join-Path $TestDrive 'bad-out') @Conn -ErrorVariable problems -ErrorAction SilentlyContinue }
        catch { $caught = $_ }

        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'JobFileRefused*'
        $caught.ToString() | Should -Match '4 mistake'
        $rowErrors = @($problems | Where-Object { $_.FullyQualifiedErrorId -like 'JobFile*' -and $_.FullyQualifiedErrorId -notlike 'JobFileRefused,*' })
        $rowErrors | Should -HaveCount 4
        $messages = ($rowErrors | ForEach-Object ToString) -join "`n"
        $quoted = [regex]::Escape("Job file '$file'")
        $messages | Should -Match "(?m)^$quoted, the header \(line 1\), column Colour: " -Because 'an unknown column is named'
        $messages | Should -Match "(?m)^$quoted, row 2 \(line 3\), column Images: 'photos/missing.png'"
        $messages | Should -Match "(?m)^$quoted, row 3 \(line 4\), column Prompt: the prompt is empty"
        $messages | Should -Match "(?m)^$quoted, row 4 \(line 5\), column AspectRatio: Aspect ratio '4:1' is not offered"
        ($rowErrors | Where-Object { $_.FullyQualifiedErrorId -like 'JobFileImageNotFound*' }).CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $stats = Get-BananaEmulatorStats -Uri $Target.BaseUri
        $stats.submissions | Should -Be 0
        $stats.uploads | Should -Be 0
    }

    It 'loses nothing paid for when killed mid job-file batch: the rerun submits nothing twice' {
        Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ generationLatencyMs = 2000 }
        try {
            $dir = Join-Path $TestDrive 'killed'
            New-Photos $dir 'm1.png', 'm2.png', 'g1.png', 'g2.png', 'g3.png'
            $references = 'm1;g1', 'm2;g2;g3', 'm1;g2', 'm2;g1;g3', 'm1;g3', 'm2;g3;g1', 'm1;m2', 'g1;g2;m1'
            $lines = @('Images,Prompt') + (1..8 | ForEach-Object { '{0},outfit {1}' -f (($references[$_ - 1] -split ';' | ForEach-Object { "$_.png" }) -join ';'), $_ })
            [IO.File]::WriteAllLines((Join-Path $dir 'jobs.csv'), [string[]]$lines)
            $out = Join-Path $TestDrive 'killed-out'
            $pwsh = Get-PwshInvocation
            $info = [Diagnostics.ProcessStartInfo]::new($pwsh.FilePath)
            $script = "Import-Module '$($Target.ModulePath)'; Start-BananaBatch -JobFile '$dir/jobs.csv' -OutputPath '$out' -ThrottleLimit 3 -BaseUri '$($Target.BaseUri)' -ApiKey '$($Target.ApiKey)' | Out-Null"
            foreach ($a in @($pwsh.Prefix) + @('-NoProfile', '-NonInteractive', '-Command', $script)) { $info.ArgumentList.Add($a) }
            $child = [Diagnostics.Process]::Start($info)
            $wasRunning = $false
            try {
                Wait-Until { $child.HasExited -or (Get-BananaEmulatorStats -Uri $Target.BaseUri).submissions -ge 3 }
                $wasRunning = -not $child.HasExited
            }
            finally { $child.Kill($true); $child.WaitForExit() }   # SIGKILL: no cleanup runs
            $wasRunning | Should -BeTrue -Because 'the batch must be killed mid-way, not after it ended'
            $paidBeforeKill = (Get-BananaEmulatorStats -Uri $Target.BaseUri).charges
            $paidBeforeKill | Should -BeGreaterOrEqual 3

            Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ generationLatencyMs = 0 }
            $rerun = Split-BatchOutput (Start-BananaBatch -JobFile (Join-Path $dir 'jobs.csv') -OutputPath $out @Conn)

            $rerun.Summary.Failed | Should -Be 0
            ($rerun.Summary.Succeeded + $rerun.Summary.Skipped) | Should -Be 8
            $stats = Get-BananaEmulatorStats -Uri $Target.BaseUri
            @($stats.submissionsBySignature.PSObject.Properties) | Should -HaveCount 8
            @($stats.submissionsBySignature.PSObject.Properties.Value) | ForEach-Object { $_ | Should -Be 1 -Because 'no job is paid twice' }
            $stats.charges | Should -Be 8
            @(Get-ChildItem -LiteralPath $out -Filter '*.png') | Should -HaveCount 8

            $again = Split-BatchOutput (Start-BananaBatch -JobFile (Join-Path $dir 'jobs.csv') -OutputPath $out @Conn)
            $again.Summary.Skipped | Should -Be 8
            (Get-BananaEmulatorStats -Uri $Target.BaseUri).charges | Should -Be 8 -Because 'a finished job file costs nothing to rerun'
        }
        finally {
            Set-BananaEmulatorConfig -Uri $Target.BaseUri -Config @{ generationLatencyMs = 0 }
        }
    }
}

Describe 'Start-BananaBatch per-photo prompts and -Pairing' {
    BeforeEach {
        Reset-BananaEmulator -Uri $Target.BaseUri
    }

    It 'gives a photo with its own prompt file (text/photo002.txt) its prompts and the others those of text.txt' {
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'own') -ImageCount 3 -Prompts 'shared one', 'shared two'
        $gbk = [Text.Encoding]::GetEncoding(936)
        [IO.File]::WriteAllBytes((Join-Path $in 'text/photo002.txt'), $gbk.GetBytes("# 只给第二张`r`n换一个自然休闲优雅的pose`r`n"))
        $out = Join-Path $TestDrive 'own-out'

        $run = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out @Conn)

        $run.Summary.Succeeded | Should -Be 5
        $pairs = (Read-BananaManifest $out).jobs | ForEach-Object { '{0}={1}' -f (Split-Path $_.sourcePath -Leaf), $_.prompt }
        $pairs | Sort-Object | Should -Be @(
            'photo001.png=shared one', 'photo001.png=shared two', 'photo002.png=换一个自然休闲优雅的pose',
            'photo003.png=shared one', 'photo003.png=shared two')
        @(Get-Submissions).Prompt | Sort-Object | Should -Be ('shared one', 'shared one', 'shared two', 'shared two', '换一个自然休闲优雅的pose' | Sort-Object)
    }

    It 'pairs the n-th photo in name order with the n-th prompt under -Pairing OneToOne' {
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'pairs') -ImageCount 0 -Prompts 'for 1', 'for 2', 'for 10'
        $null = New-TestPng -Path (Join-Path $in 'image/shot10.png') -Seed 10
        $null = New-TestPng -Path (Join-Path $in 'image/shot2.png') -Seed 2
        $null = New-TestPng -Path (Join-Path $in 'image/shot1.png') -Seed 1
        $out = Join-Path $TestDrive 'pairs-out'

        $run = Split-BatchOutput (Start-BananaBatch -Path $in -OutputPath $out -Pairing OneToOne @Conn)

        $run.Summary.Succeeded | Should -Be 3
        $manifest = Read-BananaManifest $out
        foreach ($job in $manifest.jobs) {
            $expected = 'for ' + ((Split-Path $job.sourcePath -LeafBase) -replace 'shot', '')
            $job.prompt | Should -Be $expected
            $task = @(Get-Submissions) | Where-Object Prompt -EQ $expected
            @(Get-StoredImageHashes $task.Urls) | Should -Be @(Get-FileHashes (Split-Path $job.sourcePath) (Split-Path $job.sourcePath -Leaf))
        }
    }

    It 'refuses -Pairing OneToOne with <Photos> photos and <Prompts> prompts before anything is spent' -ForEach @(
        @{ Photos = 3; Prompts = 2 }
        @{ Photos = 2; Prompts = 3 }
    ) {
        $in = New-TestInputFolder -Path (Join-Path $TestDrive "mismatch-$Photos") -ImageCount $Photos -Prompts (1..$Prompts | ForEach-Object { "prompt $_" })

        $err = { Start-BananaBatch -Path $in -OutputPath (Join-Path $TestDrive "mismatch-$Photos-out") -Pairing OneToOne @Conn } |
            Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'PairingCountMismatch*'
        $err.ToString() | Should -Match "$Photos photo\(s\).*$Prompts prompt\(s\)"
        $stats = Get-BananaEmulatorStats -Uri $Target.BaseUri
        $stats.submissions | Should -Be 0
        $stats.uploads | Should -Be 0
    }

    It 'refuses a prompt file that matches no photo, naming it' {
        $in = New-TestInputFolder -Path (Join-Path $TestDrive 'stray') -ImageCount 1 -Prompts 'shared'
        Set-Content -LiteralPath (Join-Path $in 'text/photo01.txt') -Value 'meant for photo001' -Encoding utf8

        $err = { Start-BananaBatch -Path $in -OutputPath (Join-Path $TestDrive 'stray-out') @Conn } | Should -Throw -PassThru

        $err.FullyQualifiedErrorId | Should -BeLike 'PromptFileWithoutPhoto*'
        $err.ToString() | Should -Match 'photo01\.txt'
        (Get-BananaEmulatorStats -Uri $Target.BaseUri).submissions | Should -Be 0
    }
}
