using System.Reflection;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace Banana.TestSupport;

/// <summary>
/// Photos as cameras and phones make them: large JPEGs whose pixels are stored sideways with an EXIF orientation tag
/// saying how to turn them. Each photo has a marker quadrant so a test can tell which way up a copy came out.
/// Also loads and measures images for tests, with the same library the engine uses.
/// </summary>
public static class TestPhotos
{
    /// <summary>The colour of the marker quadrant: the stored image's top-left quarter.</summary>
    public static readonly SKColor Marker = new(220, 30, 30);

    /// <summary>The colour of the rest of the stored image.</summary>
    public static readonly SKColor Field = new(30, 60, 200);

    static TestPhotos() => SkiaNativeResolver.Install();

    /// <summary>
    /// A JPEG of <paramref name="width"/> x <paramref name="height"/> stored pixels with EXIF orientation
    /// <paramref name="orientation"/> (1 = upright, 6 = turn a quarter clockwise to view, as a phone held upright writes).
    /// The stored top-left quarter is <see cref="Marker"/>, the rest <see cref="Field"/> with a soft gradient and
    /// <paramref name="noise"/> so the file has a photo's size when asked.
    /// </summary>
    public static byte[] OrientedJpeg(int width, int height, int orientation, int quality = 90, bool noise = false)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            using var gradient = new SKPaint
            {
                Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height),
                    [Field, new SKColor(20, 120, 160)], SKShaderTileMode.Clamp),
            };
            canvas.DrawRect(0, 0, width, height, gradient);
            using var marker = new SKPaint { Color = Marker };
            canvas.DrawRect(0, 0, width / 2f, height / 2f, marker);
        }

        if (noise)
        {
            // Sensor-like grain: what makes a 24-megapixel JPEG weigh megabytes.
            var random = new Random(width * 31 + height);
            var pixels = bitmap.GetPixelSpan();
            for (int i = 0; i < pixels.Length; i++)
            {
                if (i % 4 != 3)
                {
                    pixels[i] = (byte)Math.Clamp(pixels[i] + random.Next(-24, 25), 0, 255);
                }
            }
        }

        using var data = bitmap.PeekPixels().Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore))
            ?? throw new InvalidOperationException("SkiaSharp could not encode the test JPEG.");
        return WithOrientation(data.ToArray(), orientation);
    }

    /// <summary>
    /// An opaque PNG with soft gradients and fine grain, as a generated 2K result weighs (a few megabytes); different
    /// seeds give different pictures.
    /// </summary>
    public static byte[] GrainyPng(int width, int height, int seed)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            byte[] rgb = TestImages.SeedColour(seed);
            using var paint = new SKPaint
            {
                Shader = SKShader.CreateRadialGradient(new SKPoint(width * 0.4f, height * 0.35f), Math.Max(width, height) * 0.8f,
                    [new SKColor(rgb[0], rgb[1], rgb[2]), new SKColor(20, 20, 30)], SKShaderTileMode.Clamp),
            };
            canvas.DrawRect(0, 0, width, height, paint);
        }

        var random = new Random(seed);
        var pixels = bitmap.GetPixelSpan();
        for (int i = 0; i < pixels.Length; i++)
        {
            if (i % 4 != 3)
            {
                pixels[i] = (byte)Math.Clamp(pixels[i] + random.Next(-6, 7), 0, 255);
            }
        }

        using var data = bitmap.PeekPixels().Encode(SKPngEncoderOptions.Default) ?? throw new InvalidOperationException("SkiaSharp could not encode the test PNG.");
        return data.ToArray();
    }

    /// <summary>A PNG with an alpha channel: an opaque <see cref="Marker"/> disc on a fully transparent background, as a product cut-out.</summary>
    public static byte[] TransparentPng(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            using var paint = new SKPaint { Color = Marker, IsAntialias = true };
            canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 3f, paint);
        }

        using var data = bitmap.PeekPixels().Encode(SKPngEncoderOptions.Default) ?? throw new InvalidOperationException("SkiaSharp could not encode the test PNG.");
        return data.ToArray();
    }

    /// <summary>
    /// <paramref name="jpeg"/> with an EXIF segment (APP1) right after the start marker that holds one tag: Orientation.
    /// Written byte by byte (little-endian TIFF, one IFD entry) because encoders write no EXIF.
    /// </summary>
    public static byte[] WithOrientation(byte[] jpeg, int orientation)
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        if (jpeg.Length < 2 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            throw new ArgumentException("Not a JPEG: it does not start with FF D8.", nameof(jpeg));
        }

        byte[] tiff =
        [
            (byte)'I', (byte)'I', 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00, // little-endian TIFF header, first IFD at offset 8
            0x01, 0x00, // one entry
            0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, (byte)orientation, 0x00, 0x00, 0x00, // 0x0112 Orientation, SHORT, 1 value
            0x00, 0x00, 0x00, 0x00, // no next IFD
        ];
        byte[] exif = [(byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0, .. tiff];
        int length = exif.Length + 2;
        return [0xFF, 0xD8, 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif, .. jpeg.AsSpan(2)];
    }

    /// <summary>What a viewer would show of an image file: its size with orientation applied, the EXIF orientation, and the colour at a point of the upright picture.</summary>
    public static PhotoFacts Inspect(string path) => Inspect(File.ReadAllBytes(path));

    /// <inheritdoc cref="Inspect(string)"/>
    public static PhotoFacts Inspect(byte[] bytes)
    {
        using var codec = SKCodec.Create(new MemoryStream(bytes)) ?? throw new InvalidOperationException("Not a decodable image.");
        using var bitmap = SKBitmap.Decode(codec) ?? throw new InvalidOperationException("The image did not decode.");
        bool swaps = codec.EncodedOrigin >= SKEncodedOrigin.LeftTop;
        return new PhotoFacts(
            swaps ? bitmap.Height : bitmap.Width,
            swaps ? bitmap.Width : bitmap.Height,
            (int)codec.EncodedOrigin,
            codec.EncodedFormat.ToString().ToLowerInvariant(),
            bitmap.GetPixel(bitmap.Width / 8, bitmap.Height / 8),
            bitmap.GetPixel(bitmap.Width - 1 - bitmap.Width / 8, bitmap.Height / 8));
    }

    /// <summary>True when <paramref name="actual"/> is within <paramref name="tolerance"/> of <paramref name="expected"/> on every channel (JPEG shifts colours slightly).</summary>
    public static bool Near(SKColor actual, SKColor expected, int tolerance = 40)
        => Math.Abs(actual.Red - expected.Red) <= tolerance && Math.Abs(actual.Green - expected.Green) <= tolerance
            && Math.Abs(actual.Blue - expected.Blue) <= tolerance;
}

/// <summary>An image as a viewer shows it. <see cref="TopLeft"/>/<see cref="TopRight"/> are the colours near those corners of the stored pixels.</summary>
public sealed record PhotoFacts(int Width, int Height, int Orientation, string Format, SKColor TopLeft, SKColor TopRight);

/// <summary>
/// PowerShell loads this assembly with Add-Type, in a process whose deps.json knows nothing of SkiaSharp's native
/// library: point SkiaSharp's imports at the copy built next to this assembly (runtimes/&lt;rid&gt;/native/).
/// In a test host the default search finds the same file and this changes nothing.
/// </summary>
internal static class SkiaNativeResolver
{
    private static int installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref installed, 1) == 1)
        {
            return;
        }

        NativeLibrary.SetDllImportResolver(typeof(SKBitmap).Assembly, Resolve);
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        string file = name.EndsWith(Extension(), StringComparison.Ordinal) ? name : name + Extension();
        string here = Path.GetDirectoryName(typeof(TestPhotos).Assembly.Location) ?? string.Empty;
        string candidate = Path.Combine(here, "runtimes", PortableRid(), "native", file);
        return File.Exists(candidate) ? NativeLibrary.Load(candidate) : IntPtr.Zero;
    }

    private static string PortableRid()
        => (OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux") + "-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

    private static string Extension() => OperatingSystem.IsWindows() ? ".dll" : OperatingSystem.IsMacOS() ? ".dylib" : ".so";
}
