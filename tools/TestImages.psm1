# Makes small, valid PNG files for tests and benchmarks (no imaging library needed).
# Any 256 consecutive seeds give 256 distinct images.
Set-StrictMode -Version Latest

if (-not ('BananaTools.TestPng' -as [type])) {
    Add-Type -TypeDefinition @'
using System.IO;
using System.IO.Compression;

namespace BananaTools
{
    public static class TestPng
    {
        private static readonly uint[] CrcTable = BuildCrcTable();

        // A solid-colour RGB image; the colour follows from the seed, so different seeds give different bytes.
        public static void Write(string path, int seed, int width, int height)
        {
            byte[] rgb = { (byte)(seed * 67), (byte)(seed * 131 + 80), (byte)(seed * 29 + 160) };
            var raw = new MemoryStream();
            for (int y = 0; y < height; y++)
            {
                raw.WriteByte(0); // filter type: none
                for (int x = 0; x < width; x++) raw.Write(rgb, 0, 3);
            }

            var packed = new MemoryStream();
            using (var z = new ZLibStream(packed, CompressionLevel.Optimal, leaveOpen: true)) raw.WriteTo(z);

            using var file = File.Create(path);
            file.Write(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
            var header = new MemoryStream();
            WriteBigEndian(header, (uint)width);
            WriteBigEndian(header, (uint)height);
            header.Write(new byte[] { 8, 2, 0, 0, 0 });
            WriteChunk(file, "IHDR", header.ToArray());
            WriteChunk(file, "IDAT", packed.ToArray());
            WriteChunk(file, "IEND", new byte[0]);
        }

        private static void WriteChunk(Stream s, string type, byte[] data)
        {
            WriteBigEndian(s, (uint)data.Length);
            var typeAndData = new byte[4 + data.Length];
            System.Text.Encoding.ASCII.GetBytes(type).CopyTo(typeAndData, 0);
            data.CopyTo(typeAndData, 4);
            s.Write(typeAndData);
            WriteBigEndian(s, Crc(typeAndData));
        }

        private static void WriteBigEndian(Stream s, uint v)
            => s.Write(new[] { (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v });

        private static uint Crc(byte[] bytes)
        {
            uint c = 0xFFFFFFFF;
            foreach (var b in bytes) c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
            return ~c;
        }

        private static uint[] BuildCrcTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }
    }
}
'@
}

function New-TestPng {
    <# Writes a Width x Height PNG whose colour (and so whose bytes) follow from -Seed. #>
    param(
        [Parameter(Mandatory)] [string] $Path,
        [int] $Seed = 0,
        [int] $Width = 32,
        [int] $Height = 32
    )
    [BananaTools.TestPng]::Write($Path, $Seed, $Width, $Height)
    Get-Item -LiteralPath $Path
}

function New-TestInputFolder {
    <# Creates an input folder (image/ and text/text.txt) with -ImageCount distinct PNGs and the given prompts. #>
    param(
        [Parameter(Mandatory)] [string] $Path,
        [int] $ImageCount = 2,
        [Parameter(Mandatory)] [string[]] $Prompts,
        [int] $SeedBase = 0
    )
    $image = New-Item -ItemType Directory -Path (Join-Path $Path 'image') -Force
    $text = New-Item -ItemType Directory -Path (Join-Path $Path 'text') -Force
    for ($i = 1; $i -le $ImageCount; $i++) {
        [BananaTools.TestPng]::Write((Join-Path $image ('photo{0:d3}.png' -f $i)), $SeedBase + $i, 32, 32)
    }
    [IO.File]::WriteAllLines((Join-Path $text 'text.txt'), $Prompts, [Text.UTF8Encoding]::new($false))
    Get-Item -LiteralPath $Path
}

Export-ModuleMember -Function New-TestPng, New-TestInputFolder
