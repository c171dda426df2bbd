using SkiaSharp;

namespace Banana.Engine.Imaging
{
    /// <summary>
    /// EXIF orientation: how the stored pixels must be turned or mirrored so a viewer shows the photo upright. Phones
    /// store the sensor's landscape pixels and a tag saying "rotate 90 degrees"; the copy Banana sends has the turn
    /// applied to its pixels, because its re-encoded file carries no tag and a service may ignore one anyway.
    /// </summary>
    internal static class ImageOrientation
    {
        /// <summary>True for the orientations that swap width and height (5 to 8).</summary>
        public static bool SwapsAxes(SKEncodedOrigin origin) => origin >= SKEncodedOrigin.LeftTop;

        public static bool IsUpright(SKEncodedOrigin origin) => origin == SKEncodedOrigin.TopLeft || origin == 0;

        /// <summary>
        /// The matrix that maps a stored <paramref name="width"/> x <paramref name="height"/> image onto the upright
        /// one: x' = ScaleX*x + SkewX*y + TransX, y' = SkewY*x + ScaleY*y + TransY.
        /// </summary>
        public static SKMatrix ToUpright(SKEncodedOrigin origin, float width, float height) => origin switch
        {
            // 2: mirrored left-right.
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, width, 0, 1, 0, 0, 0, 1),
            // 3: turned half round.
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, width, 0, -1, height, 0, 0, 1),
            // 4: mirrored top-bottom.
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, height, 0, 0, 1),
            // 5: mirrored along the main diagonal.
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            // 6: turned a quarter clockwise (a phone held upright).
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, height, 1, 0, 0, 0, 0, 1),
            // 7: mirrored along the other diagonal.
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, height, -1, 0, width, 0, 0, 1),
            // 8: turned a quarter anticlockwise.
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, width, 0, 0, 1),
            _ => SKMatrix.Identity,
        };
    }
}
