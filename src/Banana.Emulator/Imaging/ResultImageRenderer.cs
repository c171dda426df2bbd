using System.Security.Cryptography;
using System.Text;

namespace Banana.Emulator.Imaging;

/// <summary>
/// Draws a task's result image from the task id and prompt alone: two colours, diagonal stripes and a disc
/// placed by a hash, shaped by the aspect ratio and sized by the image size asked for (1K, 2K and 4K are that many
/// pixels on the long side, as the service makes them; without one, a small 256 px image keeps tests fast). The same
/// task always gives the same bytes, two tasks almost never do, and nothing needs to be stored between generation
/// and download.
/// </summary>
internal static class ResultImageRenderer
{
    private const int DefaultLongSide = 256;
    private const int ShortestSide = 32;

    public static byte[] Render(string taskId, string prompt, string aspectRatio, string? imageSize = null)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(taskId + "\n" + prompt));
        var (width, height) = Dimensions(aspectRatio, LongSideFor(imageSize));
        var background = (hash[0], hash[1], hash[2]);
        var stripe = (hash[3], hash[4], hash[5]);
        var disc = ((byte)(255 - hash[0]), (byte)(255 - hash[1]), (byte)(255 - hash[2]));
        var period = 6 + (hash[6] % 20);
        var slope = 1 + (hash[7] % 3);
        var centreX = hash[8] * width / 256;
        var centreY = hash[9] * height / 256;
        var radius = (Math.Min(width, height) / 5) + (hash[10] % 16);

        return PngEncoder.Encode(width, height, y =>
        {
            var row = new byte[width * 3];
            for (var x = 0; x < width; x++)
            {
                var inDisc = ((x - centreX) * (x - centreX)) + ((y - centreY) * (y - centreY)) <= radius * radius;
                var (r, g, b) = inDisc ? disc : ((x + (slope * y)) / period % 2 == 0 ? background : stripe);
                row[(x * 3) + 0] = r;
                row[(x * 3) + 1] = g;
                row[(x * 3) + 2] = b;
            }

            return row;
        });
    }

    private static int LongSideFor(string? imageSize) => imageSize switch
    {
        "1K" => 1024,
        "2K" => 2048,
        "4K" => 4096,
        _ => DefaultLongSide,
    };

    /// <summary>The long side is <paramref name="longSide"/>; "auto" and unknown ratios are square.</summary>
    private static (int Width, int Height) Dimensions(string aspectRatio, int longSide)
    {
        var parts = aspectRatio.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var w) || !int.TryParse(parts[1], out var h) || w <= 0 || h <= 0)
        {
            return (longSide, longSide);
        }

        return w >= h
            ? (longSide, Math.Max(ShortestSide, longSide * h / w))
            : (Math.Max(ShortestSide, longSide * w / h), longSide);
    }
}
